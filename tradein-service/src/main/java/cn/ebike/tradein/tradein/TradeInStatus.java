package cn.ebike.tradein.tradein;

/**
 * The trade-in lifecycle. The only moves are OPEN → COMPLETED and OPEN → CANCELLED; the recycling and
 * new-vehicle steps are recorded while OPEN and do not change the status. Each transition is one method
 * that answers the next status or refuses with {@link IllegalTransitionException} (409).
 */
public enum TradeInStatus {
    OPEN,
    COMPLETED,
    CANCELLED;

    public TradeInStatus complete() {
        return from(OPEN, "complete", COMPLETED);
    }

    public TradeInStatus cancel() {
        return from(OPEN, "cancel", CANCELLED);
    }

    /** Recording a step (recycling, new vehicle) keeps the status; it is only legal while OPEN. */
    public TradeInStatus recordStep(String step) {
        return from(OPEN, step, OPEN);
    }

    /** Open and completed trade-ins hold their vehicles; a cancelled one releases them. */
    public boolean isLive() {
        return this != CANCELLED;
    }

    private TradeInStatus from(TradeInStatus required, String action, TradeInStatus next) {
        if (this != required) {
            throw new IllegalTransitionException(this, action);
        }
        return next;
    }
}
