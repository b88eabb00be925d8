package cn.ebike.subsidy.claim;

import cn.ebike.subsidy.campaign.Campaign;
import cn.ebike.subsidy.client.DealerView;
import cn.ebike.subsidy.client.TradeInView;
import cn.ebike.subsidy.client.VehicleView;
import java.util.Objects;

/**
 * The eligibility rules, checked in this order against what the source services say (never against
 * the request): completed trade-in → authorised agent point → a phase for the completion time
 * (see PhaseSelector) → old vehicle filed non-standard before the cut-off and scrapped for this
 * trade-in, new vehicle compliant with an active plate.
 */
public final class Eligibility {

    static final String COMPLETED = "COMPLETED";
    static final String NON_STANDARD_FILED = "NON_STANDARD_FILED";
    static final String COMPLIANT = "COMPLIANT";
    static final String SCRAPPED = "SCRAPPED";
    static final String ACTIVE = "ACTIVE";

    private Eligibility() {
    }

    public static boolean tradeInCompleted(TradeInView t) {
        return t != null && COMPLETED.equals(t.status()) && t.completedAt() != null;
    }

    public static boolean dealerAuthorized(DealerView d) {
        return d != null && Boolean.TRUE.equals(d.authorizedAgent()) && d.district() != null && !d.district().isBlank();
    }

    /**
     * The old bike: filed non-standard strictly before the campaign's cut-off, scrapped with this
     * trade-in as the scrap reference, and (when registration says whose it is) the trade-in owner's.
     */
    public static boolean oldVehicleEligible(VehicleView v, TradeInView t, Campaign c) {
        return v != null && t != null && c != null
                && Objects.equals(v.id(), t.oldVehicleId())
                && NON_STANDARD_FILED.equals(v.category())
                && v.filedAt() != null && v.filedAt().isBefore(c.filedBefore)
                && SCRAPPED.equals(v.status())
                && v.scrapReference() != null && v.scrapReference().trim().equalsIgnoreCase(t.id().toString())
                && (v.ownerId() == null || v.ownerId().equals(t.ownerId()));
    }

    /** The new bike: compliant, not scrapped, with an active plate, the trade-in owner's. */
    public static boolean newVehicleEligible(VehicleView v, TradeInView t) {
        return v != null && t != null
                && Objects.equals(v.id(), t.newVehicleId())
                && COMPLIANT.equals(v.category())
                && !SCRAPPED.equals(v.status())
                && ACTIVE.equals(v.plateStatus())
                && (v.ownerId() == null || v.ownerId().equals(t.ownerId()));
    }
}
