package cn.ebike.subsidy.claim;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.problem.DependencyUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Decides claims — one ({@code POST /api/subsidies/claims}) or a batch of up to {@value #MAX_BATCH}
 * ({@code POST /api/subsidies/claims/batch}) with the same engine, in list order (first come, first served),
 * in named steps:
 * <ol>
 * <li>{@link #replayDecided}: final decisions already recorded are replayed ({@link ClaimOutcome#REPLAYED})
 * without asking anyone;</li>
 * <li>{@link ClaimSources}: the trade-ins and their dealers from tradein-service in ONE call, then the vehicles
 * of the claims still eligible from registration-service in ONE call ({@link ClaimOutcome#UNKNOWN_TRADE_IN},
 * or {@link ClaimOutcome#UNAVAILABLE} when a source cannot answer — nothing recorded in both cases);
 * eligibility is checked on what the sources say ({@link Evaluation});</li>
 * <li>{@link DecisionRounds}: first-come slots in Redis ({@link Slots}), the rows recorded in ONE PostgreSQL
 * transaction per round ({@link DecisionWriter}), claims that could not be decided yet going round again up to
 * {@code QUOTA_MAX_WAIT} ({@link RebuildWatch} for a Redis that contradicts PostgreSQL).</li>
 * </ol>
 * Each claim ends with a {@link ClaimResult}; {@link SubsidyResource} maps the outcomes to HTTP statuses.
 * See README "Allocation" for why a phase can never be over-allocated.
 */
@ApplicationScoped
public class ClaimService {

    private static final Logger LOG = Logger.getLogger(ClaimService.class);

    public static final int MAX_BATCH = 200;

    private final DecisionWriter writer;
    private final ClaimSources sources;
    private final DecisionRounds rounds;
    private final ClaimMetrics metrics;

    ClaimService(DecisionWriter writer, ClaimSources sources, DecisionRounds rounds, ClaimMetrics metrics) {
        this.writer = writer;
        this.sources = sources;
        this.rounds = rounds;
        this.metrics = metrics;
    }

    /**
     * One claim: a new or an earlier decision; an unknown trade-in or an unavailable dependency as an
     * exception (nothing recorded).
     */
    public ClaimResult claim(UUID tradeInId, String actor) {
        ClaimResult r = decide(List.of(tradeInId), actor).get(0);
        return switch (r.outcome()) {
            case DECIDED, REPLAYED -> r;
            case UNKNOWN_TRADE_IN -> throw ApiException.notFound("Trade-in " + tradeInId);
            case UNAVAILABLE -> throw new DependencyUnavailableException(r.detail(), null);
        };
    }

    /**
     * Decides the claims of these trade-ins in list order and answers one result per entry, in the same
     * order. A trade-in listed twice is decided once; its later entries answer {@link ClaimOutcome#REPLAYED}
     * with the same subsidy (or the same unknown / unavailable result).
     */
    public List<ClaimResult> decide(List<UUID> tradeInIds, String actor) {
        Map<UUID, Claim> byId = new LinkedHashMap<>();
        tradeInIds.forEach(id -> byId.computeIfAbsent(id, Claim::new));
        List<Claim> claims = List.copyOf(byId.values());

        try {
            replayDecided(claims);
            sources.evaluate(claims);
            rounds.run(Claim.undecided(claims), actor);
        } catch (RuntimeException e) {
            // nothing of the failed round was recorded (its transaction rolled back, its slots given back)
            if (e instanceof ApiException api) {
                LOG.warnf("claims not decided (%s): %s", api.status(), api.getMessage());
            } else {
                LOG.errorf(e, "claims not decided");
            }
            String what = e instanceof DependencyUnavailableException ? dependencyOf(e) : "The claim decision";
            Claim.undecided(claims).forEach(c -> c.result = ClaimResult.unavailable(c.tradeInId, what));
        }

        List<ClaimResult> answers = new ArrayList<>(tradeInIds.size());
        Set<UUID> seen = new HashSet<>();
        for (UUID id : tradeInIds) {
            ClaimResult r = byId.get(id).result;
            answers.add(seen.add(id) ? r : r.asRepeat());
        }
        return answers;
    }

    private static String dependencyOf(RuntimeException e) {
        String m = e.getMessage();
        int i = m == null ? -1 : m.indexOf(" is unavailable");
        return i > 0 ? m.substring(0, i) : "A dependency";
    }

    /** Final decisions are answered as they are; a TRADE_IN_NOT_COMPLETED rejection is decided again. */
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
                c.result = metrics.count(ClaimResult.replayed(c.tradeInId, s), "replayed");
            }
        }
    }
}
