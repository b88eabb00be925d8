package cn.ebike.subsidy.claim;

import cn.ebike.subsidy.campaign.Campaign;
import cn.ebike.subsidy.campaign.CampaignService;
import cn.ebike.subsidy.campaign.Phase;
import cn.ebike.subsidy.campaign.PhaseSelector;
import cn.ebike.subsidy.client.DealerView;
import cn.ebike.subsidy.client.TradeInView;
import cn.ebike.subsidy.client.VehicleView;
import java.util.Map;
import java.util.UUID;

/**
 * Outcome of the eligibility checks ({@link Eligibility}) on what the sources said: a rejection, or the
 * campaign and phase that pay. Pure functions: the trade-in step, then the vehicles step.
 */
record Evaluation(Subsidy.Facts facts, RejectionReason rejection, Campaign campaign, Phase phase) {

    /** Completed at an authorised agent point, in a phase of the dealer's district (vehicles come after). */
    static Evaluation ofTradeIn(TradeInView t, CampaignService campaigns) {
        Subsidy.Facts base = new Subsidy.Facts(t.id(), t.ownerId(), t.dealerId(), t.oldVehicleId(), t.newVehicleId(),
                null, null, t.completedAt());
        if (!Eligibility.tradeInCompleted(t)) {
            return new Evaluation(base, RejectionReason.TRADE_IN_NOT_COMPLETED, null, null);
        }
        DealerView dealer = t.dealerId() == null ? null : t.dealer();
        if (!Eligibility.dealerAuthorized(dealer)) {
            return new Evaluation(base, RejectionReason.DEALER_NOT_AUTHORIZED, null, null);
        }
        CampaignService.DistrictCampaigns dc = campaigns.ofDistrict(dealer.district());
        var selection = PhaseSelector.select(dc.campaigns(), dc.phases(), t.completedAt());
        if (selection.isEmpty()) {
            UUID spanning = PhaseSelector.spanning(dc.campaigns(), dc.phases(), t.completedAt()).map(c -> c.id).orElse(null);
            return new Evaluation(withPhase(base, spanning, null), RejectionReason.NO_ACTIVE_PHASE, null, null);
        }
        Campaign campaign = selection.get().campaign();
        Phase phase = selection.get().phase();
        return new Evaluation(withPhase(base, campaign.id, phase.id), null, campaign, phase);
    }

    /** The old bike filed before the cut-off and scrapped for this trade-in, the new one compliant with a plate. */
    Evaluation withVehicles(TradeInView t, Map<UUID, VehicleView> vehicles) {
        VehicleView oldVehicle = t.oldVehicleId() == null ? null : vehicles.get(t.oldVehicleId());
        VehicleView newVehicle = t.newVehicleId() == null ? null : vehicles.get(t.newVehicleId());
        if (t.ownerId() == null
                || !Eligibility.oldVehicleEligible(oldVehicle, t, campaign)
                || !Eligibility.newVehicleEligible(newVehicle, t)) {
            return new Evaluation(facts, RejectionReason.VEHICLE_NOT_ELIGIBLE, campaign, phase);
        }
        return this;
    }

    private static Subsidy.Facts withPhase(Subsidy.Facts f, UUID campaignId, UUID phaseId) {
        return new Subsidy.Facts(f.tradeInId(), f.ownerId(), f.dealerId(), f.oldVehicleId(), f.newVehicleId(),
                campaignId, phaseId, f.completedAt());
    }
}
