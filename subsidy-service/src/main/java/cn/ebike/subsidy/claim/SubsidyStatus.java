package cn.ebike.subsidy.claim;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a subsidy. A claim ends as REJECTED (with a reason) or GRANTED (holding a quota slot
 * for good); a grant is paid GRANTED → PAYING → PAID, or ends FAILED after its bounded attempts,
 * from where a regulator may put it back to GRANTED. Only a TRADE_IN_NOT_COMPLETED rejection is ever
 * re-evaluated (the trade-in may complete later): see {@link Subsidy#isReevaluable()}.
 */
public enum SubsidyStatus {
    GRANTED, PAYING, PAID, FAILED, REJECTED;

    private Set<SubsidyStatus> next() {
        return switch (this) {
            case GRANTED -> EnumSet.of(PAYING);
            case PAYING -> EnumSet.of(PAID, FAILED);
            case FAILED -> EnumSet.of(GRANTED);
            case PAID -> EnumSet.noneOf(SubsidyStatus.class);
            // a rejection moves only when re-evaluated (checked on the reason by the entity)
            case REJECTED -> EnumSet.of(GRANTED, REJECTED);
        };
    }

    public boolean canMoveTo(SubsidyStatus target) {
        return next().contains(target);
    }

    /** Statuses that hold a quota slot (everything but a rejection). */
    public boolean holdsSlot() {
        return this != REJECTED;
    }
}
