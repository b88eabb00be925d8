package cn.ebike.subsidy.claim;

import java.util.UUID;

/**
 * What one claim of a request came to: the outcome, the subsidy when there is one ({@link ClaimOutcome#DECIDED},
 * {@link ClaimOutcome#REPLAYED}), and for the others what is missing ({@code detail}: the trade-in, or the
 * dependency that could not answer).
 */
public record ClaimResult(UUID tradeInId, ClaimOutcome outcome, Subsidy subsidy, String detail) {

    static ClaimResult decided(UUID tradeInId, Subsidy subsidy) {
        return new ClaimResult(tradeInId, ClaimOutcome.DECIDED, subsidy, null);
    }

    static ClaimResult replayed(UUID tradeInId, Subsidy subsidy) {
        return new ClaimResult(tradeInId, ClaimOutcome.REPLAYED, subsidy, null);
    }

    static ClaimResult unknownTradeIn(UUID tradeInId) {
        return new ClaimResult(tradeInId, ClaimOutcome.UNKNOWN_TRADE_IN, null, "Trade-in " + tradeInId + " not found");
    }

    /** Nothing recorded: {@code dependency} names what could not answer ("tradein-service", "The quota allocation …"). */
    static ClaimResult unavailable(UUID tradeInId, String dependency) {
        return new ClaimResult(tradeInId, ClaimOutcome.UNAVAILABLE, null, dependency);
    }

    /** The same result answered again for a later entry of the same trade-in in one request. */
    ClaimResult asRepeat() {
        return outcome == ClaimOutcome.DECIDED ? replayed(tradeInId, subsidy) : this;
    }

    /** A new decision (201 at the resource) rather than an earlier one (200). */
    public boolean created() {
        return outcome == ClaimOutcome.DECIDED;
    }
}
