package cn.ebike.subsidy.claim;

import cn.ebike.subsidy.campaign.CampaignService;
import cn.ebike.subsidy.client.RegistrationClient;
import cn.ebike.subsidy.client.TradeInClient;
import cn.ebike.subsidy.client.TradeInView;
import cn.ebike.subsidy.client.VehicleView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Step 2 of a decision: eligibility from the sources, two calls for any number of claims — the trade-ins and
 * their dealers from tradein-service, then the vehicles of the claims still eligible from registration-service
 * — each claim getting its {@link Evaluation}. An unknown trade-in ends {@link ClaimOutcome#UNKNOWN_TRADE_IN},
 * a source that cannot answer {@link ClaimOutcome#UNAVAILABLE}; nothing is recorded for either.
 */
@ApplicationScoped
class ClaimSources {

    private static final Logger LOG = Logger.getLogger(ClaimSources.class);

    private final TradeInClient tradeIns;
    private final RegistrationClient registration;
    private final CampaignService campaigns;
    private final ClaimMetrics metrics;

    ClaimSources(TradeInClient tradeIns, RegistrationClient registration, CampaignService campaigns,
            ClaimMetrics metrics) {
        this.tradeIns = tradeIns;
        this.registration = registration;
        this.campaigns = campaigns;
        this.metrics = metrics;
    }

    /** Reads and evaluates the undecided claims; those that end here get their result. */
    void evaluate(List<Claim> claims) {
        readTradeIns(Claim.undecided(claims));
        Claim.undecided(claims).forEach(c -> c.ev = Evaluation.ofTradeIn(c.tradeIn, campaigns));
        readVehicles(Claim.undecided(claims).stream().filter(Claim::eligibleSoFar).toList());
    }

    private void readTradeIns(List<Claim> claims) {
        if (claims.isEmpty()) {
            return;
        }
        Map<UUID, TradeInView> found;
        try {
            found = tradeIns.tradeIns(claims.stream().map(c -> c.tradeInId).toList());
        } catch (RuntimeException e) {
            unavailable(claims, "tradein-service", e);
            return;
        }
        for (Claim c : claims) {
            TradeInView t = found.get(c.tradeInId);
            if (t == null) {
                c.result = metrics.count(ClaimResult.unknownTradeIn(c.tradeInId), "unknown");
            } else if (t.dealer() != null && !t.dealer().id().equals(t.dealerId())) {
                c.result = ClaimResult.unavailable(c.tradeInId, "tradein-service (answered another dealer)");
            } else {
                c.tradeIn = t;
            }
        }
    }

    private void readVehicles(List<Claim> claims) {
        if (claims.isEmpty()) {
            return;
        }
        List<UUID> ids = new ArrayList<>();
        for (Claim c : claims) {
            if (c.tradeIn.oldVehicleId() != null) {
                ids.add(c.tradeIn.oldVehicleId());
            }
            if (c.tradeIn.newVehicleId() != null) {
                ids.add(c.tradeIn.newVehicleId());
            }
        }
        List<UUID> distinct = ids.stream().distinct().toList();
        Map<UUID, VehicleView> vehicles = new HashMap<>();
        try {
            for (int from = 0; from < distinct.size(); from += RegistrationClient.MAX_IDS) {
                vehicles.putAll(registration.vehicles(
                        distinct.subList(from, Math.min(distinct.size(), from + RegistrationClient.MAX_IDS))));
            }
        } catch (RuntimeException e) {
            unavailable(claims, "registration-service", e);
            return;
        }
        for (Claim c : claims) {
            c.ev = c.ev.withVehicles(c.tradeIn, vehicles);
        }
    }

    /** A source that cannot answer: these claims stay undecided with nothing recorded (the outbox retries). */
    private static void unavailable(List<Claim> claims, String service, RuntimeException e) {
        LOG.warnf("%s unavailable for %d claim(s): %s", service, claims.size(), e.toString());
        claims.forEach(c -> c.result = ClaimResult.unavailable(c.tradeInId, service));
    }
}
