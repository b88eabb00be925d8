package cn.ebike.tradein.supervision;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One checklist item of an inspection (一店一查): its code, whether it passed, the inspector's note. */
@Embeddable
public class InspectionItem {
    @Column(nullable = false)
    private String code;
    @Column(nullable = false)
    private boolean passed;
    private String note;

    protected InspectionItem() {
    }

    public InspectionItem(ChecklistItem code, boolean passed, String note) {
        this.code = code.name();
        this.passed = passed;
        this.note = note;
    }

    public String code() {
        return code;
    }

    public boolean passed() {
        return passed;
    }

    public String note() {
        return note;
    }
}
