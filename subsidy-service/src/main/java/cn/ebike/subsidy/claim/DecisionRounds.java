package cn.ebike.subsidy.claim;

import cn.ebike.common.problem.DependencyUnavailableException;
import cn.ebike.subsidy.config.SubsidyConfig;
import cn.ebike.subsidy.quota.QuotaAllocator;
import cn.ebike.subsidy.quota.QuotaService;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Steps 3–5 of a decision, round after round until every claim is decided or {@code QUOTA_MAX_WAIT} has passed:
 * <ol>
 * <li>{@link Slots#take}: first-come slots in Redis, one script call per campaign, claims in list order;</li>
 * <li>{@link #decision}: the row each claim records this round (a rejection, a grant on its slot, a Redis "no"
 * to confirm), built with {@link Subsidy}'s transitions;</li>
 * <li>{@link DecisionWriter#write}: all of them in ONE PostgreSQL transaction, whose constraints have the last
 * word; slots whose grant was not written are given back, the others confirmed;</li>
 * <li>a Redis "no" PostgreSQL does not confirm is only believed once it does: until then it is explained by
 * slots in flight (another request between its script call and its commit), so the claim waits for them; one
 * that nothing in flight explains is watched by {@link RebuildWatch};</li>
 * <li>claims decided meanwhile by a concurrent request are replayed; the rest go round again after a short
 * pause, or end {@link ClaimOutcome#UNAVAILABLE} with nothing recorded after {@code QUOTA_MAX_WAIT}.</li>
 * </ol>
 */
@ApplicationScoped
class DecisionRounds {

    private static final Logger LOG = Logger.getLogger(DecisionRounds.class);

    private final DecisionWriter writer;
    private final Slots slots;
    private final QuotaService quota;
    private final ClaimMetrics metrics;
    private final Duration maxWait;

    DecisionRounds(DecisionWriter writer, Slots slots, QuotaService quota, ClaimMetrics metrics, SubsidyConfig config) {
        this.writer = writer;
        this.slots = slots;
        this.quota = quota;
        this.metrics = metrics;
        this.maxWait = config.quota().maxWait();
    }

    /** Decides these claims (evaluated, not decided yet); each ends with a result. */
    void run(List<Claim> claims, String actor) {
        List<Claim> pending = new ArrayList<>(claims);
        long deadline = System.nanoTime() + maxWait.toNanos();
        RebuildWatch watch = new RebuildWatch(quota);
        for (int round = 0; ; round++) {
            for (Claim c : pending) {
                if (c.existing != null && c.ev.rejection() == RejectionReason.TRADE_IN_NOT_COMPLETED) {
                    // still not completed: the earlier rejection stands, unchanged
                    c.result = metrics.count(ClaimResult.replayed(c.tradeInId, c.existing), "replayed");
                }
            }
            pending = Claim.undecided(pending);
            if (pending.isEmpty()) {
                return;
            }
            Set<UUID> suspicious = round(pending, actor, watch);
            pending = Claim.undecided(pending);
            if (pending.isEmpty()) {
                return;
            }
            watch.rebuildIfRepeated(suspicious, pending);
            replayDecidedMeanwhile(pending);
            pending = Claim.undecided(pending);
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                LOG.warnf("%d claim(s) undecided after %s (other claims still in flight); answering unavailable",
                        pending.size(), maxWait);
                pending.forEach(c -> c.result = ClaimResult.unavailable(c.tradeInId,
                        "The quota allocation (other claims still in flight)"));
                return;
            }
            pause(round);
        }
    }

    /** One round: slots, rows, one transaction, then confirm or give back; answers the suspicious campaigns. */
    private Set<UUID> round(List<Claim> pending, String actor, RebuildWatch watch) {
        slots.take(pending);
        List<Claim> writing = new ArrayList<>();
        List<DecisionWriter.Decision> decisions = new ArrayList<>();
        Instant now = writer.now(); // the business clock (tests move it)
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
            slots.giveBack(pending);
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
                    ClaimResult r = c.existing == null ? ClaimResult.decided(c.tradeInId, d.row())
                            : ClaimResult.replayed(c.tradeInId, d.row());
                    c.result = metrics.count(r,
                            d.row().status() == SubsidyStatus.GRANTED || c.redisNo != null ? "decided" : "rejected");
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
        Set<UUID> suspicious = watch.contradictions(contradicted);
        slots.confirm(confirmed);
        for (int i = 0; i < writing.size(); i++) {
            Claim c = writing.get(i);
            if (c.slot != null && decisions.get(i).result() != DecisionWriter.Result.WRITTEN) {
                slots.giveBackQuietly(c.slot);
            }
        }
        return suspicious;
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
        return new DecisionWriter.Decision(row, c.existing == null ? null : c.existing.status(), toConfirm);
    }

    /** A fresh row, or a copy of the re-evaluated one (the earlier object stays as it was read). */
    private static Subsidy base(Claim c) {
        return c.existing == null ? Subsidy.undecided(c.tradeInId) : c.existing.toDecideAgain();
    }

    /** Decided meanwhile by a concurrent request? Then that decision is the answer. */
    private void replayDecidedMeanwhile(List<Claim> pending) {
        Map<UUID, Subsidy> now = writer.find(pending.stream().map(c -> c.tradeInId).toList());
        for (Claim c : pending) {
            Subsidy s = now.get(c.tradeInId);
            if (s != null && !s.isReevaluable()) {
                c.result = metrics.count(ClaimResult.replayed(c.tradeInId, s), "replayed");
            } else {
                c.existing = s;
            }
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
