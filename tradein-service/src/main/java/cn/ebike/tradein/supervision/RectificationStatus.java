package cn.ebike.tradein.supervision;

/**
 * {@code OPEN → SUBMITTED} (the dealer reports what it did), {@code SUBMITTED → CLOSED} (accepted) or
 * {@code SUBMITTED → OPEN} (returned), {@code OPEN → OVERDUE} (the sweep, past {@code dueAt}),
 * {@code OVERDUE → SUBMITTED} (late, but still rectified). {@code CLOSED} is final.
 */
public enum RectificationStatus {
    OPEN, SUBMITTED, CLOSED, OVERDUE;

    /** Not yet closed: the dealer still owes a rectification. */
    public boolean outstanding() {
        return this != CLOSED;
    }
}
