package cn.ebike.subsidy.claim;

/**
 * How the claim of one trade-in ended in a request. The service layer knows only these; the resource maps
 * them to HTTP statuses ({@link SubsidyResource#status(ClaimOutcome)}).
 */
public enum ClaimOutcome {
    /** A new decision recorded by this request (a grant or a rejection). */
    DECIDED,
    /**
     * A decision on an earlier claim: recorded before (by an earlier request, a concurrent one, or this
     * trade-in listed twice), or an earlier TRADE_IN_NOT_COMPLETED rejection decided again on the same row.
     */
    REPLAYED,
    /** tradein-service does not know the trade-in: nothing recorded. */
    UNKNOWN_TRADE_IN,
    /** A source, Redis or PostgreSQL could not answer, or the decision is not possible yet: nothing recorded. */
    UNAVAILABLE
}
