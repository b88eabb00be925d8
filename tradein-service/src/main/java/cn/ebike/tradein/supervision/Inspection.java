package cn.ebike.tradein.supervision;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One visit of 一店一查: every checklist item once (checked by the service and the primary key) and the samples. */
@Entity
@Table(name = "inspections")
public class Inspection {

    @Id
    private UUID id;

    @Column(name = "dealer_id", nullable = false)
    private UUID dealerId;

    @Column(name = "inspected_at", nullable = false)
    private Instant inspectedAt;

    @Column(nullable = false)
    private String inspector;

    @Column(name = "recorded_by", nullable = false)
    private String recordedBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "inspection_items", joinColumns = @JoinColumn(name = "inspection_id"))
    private List<InspectionItem> items = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "inspection_samples", joinColumns = @JoinColumn(name = "inspection_id"))
    @OrderColumn(name = "position")
    private List<Sample> samples = new ArrayList<>();

    protected Inspection() {
    }

    public Inspection(UUID dealerId, Instant inspectedAt, String inspector, String recordedBy, Instant now,
            List<InspectionItem> items, List<Sample> samples) {
        this.id = UUID.randomUUID();
        this.dealerId = dealerId;
        this.inspectedAt = inspectedAt;
        this.inspector = inspector;
        this.recordedBy = recordedBy;
        this.createdAt = now;
        this.items = new ArrayList<>(items);
        this.samples = new ArrayList<>(samples);
    }

    @Embeddable
    public static class Sample {
        @Column(nullable = false)
        private String product;
        @Column(nullable = false)
        private String batch;
        @Column(nullable = false)
        private boolean passed;

        protected Sample() {
        }

        public Sample(String product, String batch, boolean passed) {
            this.product = product;
            this.batch = batch;
            this.passed = passed;
        }

        public String product() {
            return product;
        }

        public String batch() {
            return batch;
        }

        public boolean passed() {
            return passed;
        }

        /** how the grade's reasons name it */
        public String describe() {
            return product + "，批次" + batch;
        }
    }

    public UUID id() {
        return id;
    }

    public UUID dealerId() {
        return dealerId;
    }

    public Instant inspectedAt() {
        return inspectedAt;
    }

    public String inspector() {
        return inspector;
    }

    public String recordedBy() {
        return recordedBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public List<InspectionItem> items() {
        return items;
    }

    public List<Sample> samples() {
        return samples;
    }
}
