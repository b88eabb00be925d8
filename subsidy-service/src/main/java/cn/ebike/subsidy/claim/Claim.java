package cn.ebike.subsidy.claim;

import cn.ebike.subsidy.client.TradeInView;
import cn.ebike.subsidy.quota.QuotaAllocator;
import java.util.List;
import java.util.UUID;

/** One distinct trade-in of a request while it is being decided (the state the steps pass along). */
final class Claim {

    final UUID tradeInId;
    /** A TRADE_IN_NOT_COMPLETED rejection recorded earlier: decided again, same row. */
    Subsidy existing;
    TradeInView tradeIn;
    Evaluation ev;
    ClaimResult result;
    /** This round: the slot taken, or the reason Redis said no (and the epoch it said it in). */
    QuotaAllocator.Slot slot;
    RejectionReason redisNo;
    String epoch;

    Claim(UUID tradeInId) {
        this.tradeInId = tradeInId;
    }

    boolean decided() {
        return result != null;
    }

    boolean eligibleSoFar() {
        return ev.rejection() == null;
    }

    /** The campaign of the phase that would pay, or null (rejected before a phase was found). */
    UUID campaignId() {
        return ev.campaign() == null ? null : ev.campaign().id;
    }

    /** Forgets the previous round's Redis answer. */
    void clearSlot() {
        slot = null;
        redisNo = null;
        epoch = null;
    }

    static List<Claim> undecided(List<Claim> claims) {
        return claims.stream().filter(c -> !c.decided()).toList();
    }
}
