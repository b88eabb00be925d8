package cn.ebike.subsidy.claim;

import cn.ebike.subsidy.campaign.Campaign;
import cn.ebike.subsidy.campaign.CampaignService;
import cn.ebike.subsidy.campaign.Phase;
import cn.ebike.subsidy.campaign.PhaseSelector;
import cn.ebike.subsidy.client.DealerView;
import cn.ebike.subsidy.client.RegistrationClient;
import cn.ebike.subsidy.client.TradeInClient;
import cn.ebike.subsidy.client.TradeInView;
import cn.ebike.subsidy.client.VehicleView;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.problem.DependencyUnavailableException;
import cn.ebike.subsidy.config.SubsidyConfig;
import cn.ebike.subsidy.quota.QuotaAllocator;
import cn.ebike.subsidy.quota.QuotaService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Decides claims — one ({@code POST /api/subsidies/claims}) or a batch of up to {@value #MAX_BATCH}
 * ({@code POST /api/subsidies/claims/batch}) with the same engine, in list order (first come, first served):
 * <ol>
 * <li>final decisions already recorded are replayed (200) without asking anyone;</li>
 * <li>the trade-ins and their dealers are read from tradein-service in ONE call, then the vehicles of the
 * claims still eligible from registration-service in ONE call (404 for an unknown trade-in, 503 when a source
 * cannot answer — nothing recorded in both cases); eligibility is checked on what the sources say;</li>
 * <li>first-come slots are taken in Redis with ONE script call per campaign, in list order;</li>
 * <li>grants and rejections are recorded in ONE PostgreSQL transaction ({@link DecisionWriter}), whose
 * constraints have the last word; slots whose grant was not written are given back;</li>
 * <li>claims that could not be decided yet (a Redis "no" PostgreSQL does not confirm because other slots are
 * still in flight, the same trade-in in flight elsewhere, a grant refused by a unique index) go round again
 * after a short pause, up to {@code QUOTA_MAX_WAIT}, then answer 503 with nothing recorded.</li>
 * </ol>
 * See README "Allocation" for why a phase can never be over-allocated.
 */
@ApplicationScoped
public class ClaimService {

    private static final Logger LOG = Logger.getLogger(ClaimService.class);

    public static final int MAX_BATCH = 200;

    /** How one claim of a request ended: 201 new decision, 200 earlier decision, 404 unknown trade-in, 503. */
    public record Outcome(UUID tradeInId, int status, Subsidy subsidy, String detail) {
    }

    public record ClaimResult(Subsidy subsidy, boolean created) {
    }

    /** Outcome of the eligibility checks: a rejection, or the phase that pays. */
    record Evaluation(Subsidy.Facts facts, RejectionReason rejection, Campaign campaign, Phase phase) {
    }

    /** One distinct trade-in of a request while it is being decided. */
    private static final class Claim {
        final UUID tradeInId;
        /** A TRADE_IN_NOT_COMPLETED rejection recorded earlier: decided again, same row. */
        Subsidy existing;
        TradeInView tradeIn;
        Evaluation ev;
        Outcome outcome;
        /** This round: the slot taken, or the reason Redis said no (and the epoch it said it in). */
        QuotaAllocator.Slot slot;
        RejectionReason redisNo;
        String epoch;

        Claim(UUID tradeInId) {
            this.tradeInId = tradeInId;
        }

        boolean decided() {
            return outcome != null;
        }
    }

    private final TradeInClient tradeIns;
    private final RegistrationClient registration;
    private final CampaignService campaigns;
    private final DecisionWriter writer;
    private final QuotaAllocator allocator;
    private final QuotaService quota;
    private final Duration maxWait;
    private final MeterRegistry metrics;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public ClaimService(TradeInClient tradeIns, RegistrationClient registration, CampaignService campaigns,
            DecisionWriter writer, QuotaAllocator allocator, QuotaService quota, SubsidyConfig config,
            MeterRegistry metrics) {
        this.tradeIns = tradeIns;
        this.registration = registration;
        this.campaigns = campaigns;
        this.writer = writer;
        this.allocator = allocator;
        this.quota = quota;
        this.maxWait = config.quota().maxWait();
        this.metrics = metrics;
    }

    /** One claim: 201/200 with the subsidy, or the 404/503 as an exception (nothing recorded). */
    public ClaimResult claim(UUID tradeInId, String actor) {
        Outcome o = decide(List.of(tradeInId), actor).get(0);
        return switch (o.status()) {
            case 200, 201 -> new ClaimResult(o.subsidy(), o.status() == 201);
            case 404 -> throw ApiException.notFound("Trade-in " + tradeInId);
            default -> throw new DependencyUnavailableException(o.detail(), null);
        };
    }

    /**
     * Decides the claims of these trade-ins in list order and answers one outcome per entry, in the same
     * order. A trade-in listed twice is decided once; its later entries answer 200 with the same subsidy
     * (or the same 404/503).
     */
    public List<Outcome> decide(List<UUID> tradeInIds, String actor) {
        Map<UUID, Claim> byId = new LinkedHashMap<>();
        tradeInIds.forEach(id -> byId.computeIfAbsent(id, Claim::new));
        List<Claim> claims = List.copyOf(byId.values());

        try {
            replayDecided(claims);
            readTradeIns(undecided(claims));
            undecided(claims).forEach(c -> c.ev = evaluateTradeIn(c.tradeIn));
            readVehicles(undecided(claims).stream().filter(c -> c.ev.rejection() == null).toList());
            record(undecided(claims), actor);
        } catch (RuntimeException e) {
            // nothing of the failed round was recorded (its transaction rolled back, its slots given back)
            if (e instanceof ApiException api) {
                LOG.warnf("claims not decided (%s): %s", api.status(), api.getMessage());
            } else {
                LOG.errorf(e, "claims not decided");
            }
            String what = e instanceof DependencyUnavailableException ? dependencyOf(e) : "The claim decision";
            undecided(claims).forEach(c -> c.outcome = new Outcome(c.tradeInId, 503, null, what));
        }

        List<Outcome> answers = new ArrayList<>(tradeInIds.size());
        Set<UUID> seen = new HashSet<>();
        for (UUID id : tradeInIds) {
            Outcome o = byId.get(id).outcome;
            if (!seen.add(id) && o.status() == 201) {
                o = new Outcome(id, 200, o.subsidy(), null);
            }
            answers.add(o);
        }
        return answers;
    }

    private static List<Claim> undecided(List<Claim> claims) {
        return claims.stream().filter(c -> !c.decided()).toList();
    }

    private static String dependencyOf(RuntimeException e) {
        String m = e.getMessage();
        int i = m == null ? -1 : m.indexOf(" is unavailable");
        return i > 0 ? m.substring(0, i) : "A dependency";
    }

    /** Final decisions are answered as they are (200); a TRADE_IN_NOT_COMPLETED rejection is decided again. */
    private void replayDecided(List<Claim> claims) {
        if (claims.isEmpty()) {
            return;
        }
        Map<UUID, Subsidy> found = writer.find(claims.stream().map(c -> c.tradeInId).toList());
        for (Claim c : claims) {
            Subsidy s = found.get(c.tradeInId);
            if (s == null) {
                continue;
            }
            if (s.isReevaluable()) {
                c.existing = s;
            } else {
                c.outcome = count(new Outcome(c.tradeInId, 200, s, null), "replayed");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // eligibility, from the sources (two calls for any number of claims)

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
                c.outcome = count(new Outcome(c.tradeInId, 404, null, "Trade-in " + c.tradeInId + " not found"), "unknown");
            } else if (t.dealer() != null && !t.dealer().id().equals(t.dealerId())) {
                c.outcome = new Outcome(c.tradeInId, 503, null, "tradein-service (answered another dealer)");
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
            c.ev = evaluateVehicles(c.ev, c.tradeIn, vehicles);
        }
    }

    /** A source that cannot answer: 503 for these claims, nothing recorded (the outbox retries). */
    private static void unavailable(List<Claim> claims, String service, RuntimeException e) {
        LOG.warnf("%s unavailable for %d claim(s): %s", service, claims.size(), e.toString());
        claims.forEach(c -> c.outcome = new Outcome(c.tradeInId, 503, null, service));
    }

    /** Completed at an authorised agent point, in a phase of the dealer's district (vehicles come after). */
    Evaluation evaluateTradeIn(TradeInView t) {
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
    static Evaluation evaluateVehicles(Evaluation ev, TradeInView t, Map<UUID, VehicleView> vehicles) {
        VehicleView oldVehicle = t.oldVehicleId() == null ? null : vehicles.get(t.oldVehicleId());
        VehicleView newVehicle = t.newVehicleId() == null ? null : vehicles.get(t.newVehicleId());
        if (t.ownerId() == null
                || !Eligibility.oldVehicleEligible(oldVehicle, t, ev.campaign())
                || !Eligibility.newVehicleEligible(newVehicle, t)) {
            return new Evaluation(ev.facts(), RejectionReason.VEHICLE_NOT_ELIGIBLE, ev.campaign(), ev.phase());
        }
        return ev;
    }

    private static Subsidy.Facts withPhase(Subsidy.Facts f, UUID campaignId, UUID phaseId) {
        return new Subsidy.Facts(f.tradeInId(), f.ownerId(), f.dealerId(), f.oldVehicleId(), f.newVehicleId(),
                campaignId, phaseId, f.completedAt());
    }

    // ---------------------------------------------------------------------------------------------
    // allocation and recording, in rounds

    /**
     * Takes slots and records decisions round after round until every claim is decided or {@code maxWait}
     * has passed. Redis answering "no" (owner/vehicle seen, quota taken) is only believed once PostgreSQL
     * agrees; until then the "no" is explained by slots in flight (another request between its script call and
     * its commit), so the claim waits for them. A Redis state that contradicts PostgreSQL with nothing in flight
     * is rebuilt (once per campaign and request).
     */
    private void record(List<Claim> claims, String actor) {
        List<Claim> pending = new ArrayList<>(claims);
        long deadline = System.nanoTime() + maxWait.toNanos();
        Map<UUID, String> suspiciousEpoch = new HashMap<>();
        Set<UUID> rebuilt = new HashSet<>();
        for (int round = 0; ; round++) {
            for (Claim c : pending) {
                if (c.existing != null && c.ev.rejection() == RejectionReason.TRADE_IN_NOT_COMPLETED) {
                    // still not completed: the earlier rejection stands, unchanged
                    c.outcome = count(new Outcome(c.tradeInId, 200, c.existing, null), "replayed");
                }
            }
            pending = undecided(pending);
            if (pending.isEmpty()) {
                return;
            }
            allocate(pending);
            List<Claim> writing = new ArrayList<>();
            List<DecisionWriter.Decision> decisions = new ArrayList<>();
            Instant now = writer.now();
            for (Claim c : pending) {
                DecisionWriter.Decision d = decision(c, now);
                if (d != null) {
                    writing.add(c);
                    decisions.add(d);
                }
            }
            try {
                writer.write(decisions, actor);
            } catch (RuntimeException e) {
                giveBack(pending);
                if (!isRetryable(e)) {
                    throw e;
                }
                LOG.debugf("a round of %d decisions was not committed (%s); deciding again", decisions.size(), e);
                decisions.forEach(d -> d.result = DecisionWriter.Result.NOT_WRITTEN);
            }
            List<Claim> contradicted = new ArrayList<>();
            Map<UUID, List<QuotaAllocator.Slot>> confirmed = new LinkedHashMap<>();
            for (int i = 0; i < writing.size(); i++) {
                Claim c = writing.get(i);
                DecisionWriter.Decision d = decisions.get(i);
                switch (d.result()) {
                    case WRITTEN -> {
                        c.outcome = count(new Outcome(c.tradeInId, c.existing == null ? 201 : 200, d.row(), null),
                                d.row().status == SubsidyStatus.GRANTED || c.redisNo != null ? "decided" : "rejected");
                        if (c.slot != null) {
                            confirmed.computeIfAbsent(c.slot.campaignId(), k -> new ArrayList<>()).add(c.slot);
                        }
                    }
                    case UNCONFIRMED -> contradicted.add(c);
                    case NOT_WRITTEN -> {
                        // a unique index or the count guard said no: the next round sees why in PostgreSQL
                    }
                }
            }
            Set<UUID> suspicious = contradictions(contradicted);
            confirmed.forEach(allocator::confirmAll);
            for (int i = 0; i < writing.size(); i++) {
                Claim c = writing.get(i);
                if (c.slot != null && decisions.get(i).result() != DecisionWriter.Result.WRITTEN) {
                    giveBackQuietly(c.slot);
                }
            }
            pending = undecided(pending);
            if (pending.isEmpty()) {
                return;
            }
            for (UUID campaignId : suspicious) {
                // seen twice in the same epoch with nothing in flight: Redis disagrees with PostgreSQL
                // (keys partly lost, e.g. evicted) — rebuild it from PostgreSQL once
                String epoch = pending.stream().filter(c -> c.ev.campaign() != null
                        && c.ev.campaign().id.equals(campaignId) && c.epoch != null).map(c -> c.epoch).findFirst().orElse(null);
                if (epoch == null) {
                    continue;
                }
                if (epoch.equals(suspiciousEpoch.get(campaignId)) && rebuilt.add(campaignId)) {
                    LOG.warnf("Redis quota state of campaign %s contradicts PostgreSQL (nothing in flight explains a"
                            + " refusal); rebuilding", campaignId);
                    quota.ensureInitialised(campaignId, epoch);
                } else {
                    suspiciousEpoch.put(campaignId, epoch);
                }
            }
            // decided meanwhile by a concurrent request?
            Map<UUID, Subsidy> now2 = writer.find(pending.stream().map(c -> c.tradeInId).toList());
            for (Claim c : pending) {
                Subsidy s = now2.get(c.tradeInId);
                if (s != null && !s.isReevaluable()) {
                    c.outcome = count(new Outcome(c.tradeInId, 200, s, null), "replayed");
                } else {
                    c.existing = s;
                }
            }
            pending = undecided(pending);
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                LOG.warnf("%d claim(s) undecided after %s (other claims still in flight); answering 503", pending.size(),
                        maxWait);
                pending.forEach(c -> c.outcome = new Outcome(c.tradeInId, 503, null,
                        "The quota allocation (other claims still in flight)"));
                return;
            }
            pause(round);
        }
    }

    /** Slots for the claims that passed eligibility: one script call per campaign, claims in list order. */
    private void allocate(List<Claim> pending) {
        Map<UUID, List<Claim>> byCampaign = new LinkedHashMap<>();
        for (Claim c : pending) {
            c.slot = null;
            c.redisNo = null;
            c.epoch = null;
            if (c.ev.rejection() == null) {
                byCampaign.computeIfAbsent(c.ev.campaign().id, k -> new ArrayList<>()).add(c);
            }
        }
        try {
            for (Map.Entry<UUID, List<Claim>> e : byCampaign.entrySet()) {
                List<Claim> list = e.getValue();
                List<QuotaAllocator.Request> requests = list.stream().map(c -> new QuotaAllocator.Request(c.tradeInId,
                        c.ev.facts().ownerId(), c.ev.facts().oldVehicleId(), c.ev.phase().id, c.ev.phase().quota)).toList();
                List<QuotaAllocator.Allocation> as = allocator.allocateAll(e.getKey(), requests);
                if (as.get(0).outcome() == QuotaAllocator.Outcome.NOT_INITIALISED) {
                    quota.ensureInitialised(e.getKey(), null);
                    as = allocator.allocateAll(e.getKey(), requests);
                }
                for (int i = 0; i < list.size(); i++) {
                    Claim c = list.get(i);
                    QuotaAllocator.Allocation a = as.get(i);
                    c.epoch = a.epoch();
                    switch (a.outcome()) {
                        case GRANTED -> c.slot = a.slot();
                        case OWNER_ALREADY_GRANTED, VEHICLE_ALREADY_GRANTED, QUOTA_EXHAUSTED ->
                            c.redisNo = RejectionReason.valueOf(a.outcome().name());
                        case IN_FLIGHT, NOT_INITIALISED -> {
                            // the same trade-in is being decided elsewhere / state being rebuilt: next round
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            giveBack(pending);
            throw e;
        }
    }

    /** The row to record for a claim this round, or null when it has nothing to record yet. */
    private static DecisionWriter.Decision decision(Claim c, Instant now) {
        Subsidy row;
        RejectionReason toConfirm = null;
        if (c.ev.rejection() != null) {
            row = base(c);
            row.reject(c.ev.facts(), c.ev.rejection(), now);
        } else if (c.slot != null) {
            row = base(c);
            row.grant(c.ev.facts(), c.ev.phase().amountFen, c.slot.rank(), c.ev.phase().quota, now);
        } else if (c.redisNo != null) {
            row = base(c);
            row.reject(c.ev.facts(), c.redisNo, now);
            toConfirm = c.redisNo;
        } else {
            return null;
        }
        return new DecisionWriter.Decision(row, c.existing == null ? null : c.existing.status, toConfirm);
    }

    /** A fresh row, or a copy of the re-evaluated one (the earlier object stays as it was read). */
    private static Subsidy base(Claim c) {
        if (c.existing == null) {
            return Subsidy.undecided(c.tradeInId);
        }
        Subsidy copy = Subsidy.undecided(c.tradeInId);
        copy.id = c.existing.id;
        copy.status = c.existing.status;
        copy.reason = c.existing.reason;
        return copy;
    }

    /** Campaigns where a Redis "no" that PostgreSQL does not confirm has no slot in flight to explain it. */
    private Set<UUID> contradictions(List<Claim> unconfirmed) {
        Set<UUID> campaignsWithContradiction = new HashSet<>();
        Map<UUID, List<QuotaAllocator.Hold>> holdsByCampaign = new HashMap<>();
        for (Claim c : unconfirmed) {
            UUID campaignId = c.ev.campaign().id;
            if (campaignsWithContradiction.contains(campaignId)) {
                continue;
            }
            List<QuotaAllocator.Hold> holds;
            try {
                holds = holdsByCampaign.computeIfAbsent(campaignId, quota::holds);
            } catch (RuntimeException e) {
                return campaignsWithContradiction;
            }
            boolean explained = holds.stream().anyMatch(h -> switch (c.redisNo) {
                case OWNER_ALREADY_GRANTED -> h.ownerId().equals(c.ev.facts().ownerId());
                case VEHICLE_ALREADY_GRANTED -> h.vehicleId().equals(c.ev.facts().oldVehicleId());
                default -> h.phaseId().equals(c.ev.phase().id);
            });
            if (!explained) {
                campaignsWithContradiction.add(campaignId);
            }
        }
        return campaignsWithContradiction;
    }

    private void giveBack(List<Claim> claims) {
        for (Claim c : claims) {
            if (c.slot != null) {
                giveBackQuietly(c.slot);
                c.slot = null;
            }
        }
    }

    private void giveBackQuietly(QuotaAllocator.Slot slot) {
        try {
            quota.giveBack(slot);
        } catch (RuntimeException e) {
            // the hold stays; the sweeper gives it back after the hold timeout
            LOG.warnf("slot of trade-in %s could not be given back now (the sweeper will): %s", slot.tradeInId(), e.toString());
        }
    }

    /** A round that failed this way is simply decided again: constraint, count guard, deadlock, serialization. */
    static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PhaseFullException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("23") || sql.getSQLState().equals("40001")
                            || sql.getSQLState().equals("40P01"))) {
                return true;
            }
        }
        return false;
    }

    private Outcome count(Outcome o, String path) {
        String status = o.subsidy() == null ? Integer.toString(o.status()) : o.subsidy().status.name();
        counters.computeIfAbsent(path + "/" + status,
                k -> metrics.counter("subsidy.claims", "path", path, "status", status)).increment();
        return o;
    }

    private static void pause(int round) {
        long base = Math.min(50, 2L << Math.min(round, 5));
        try {
            Thread.sleep(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("The quota allocation (interrupted)", e);
        }
    }
}
