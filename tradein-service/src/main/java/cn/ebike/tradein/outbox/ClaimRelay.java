package cn.ebike.tradein.outbox;

import cn.ebike.tradein.audit.Actor;
import cn.ebike.tradein.audit.AuditTrail;
import cn.ebike.tradein.client.SubsidyClient;
import cn.ebike.common.security.Caller;
import cn.ebike.tradein.config.TradeInConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Delivers the claims of completed trade-ins to subsidy-service ({@code POST /api/subsidies/claims/batch}).
 *
 * <p>Each run: (1) one short transaction takes due claims with {@code FOR UPDATE SKIP LOCKED}, counts the
 * attempt and moves {@code next_attempt_at} out by a lease, then commits; (2) with no transaction and no
 * lock, the taken claims are posted to subsidy in one request, oldest completion first (subsidy decides them
 * in that order); (3) one short transaction records the delivered ones, another the failed ones with the
 * error and the next attempt after an exponential, jittered, capped backoff — per claim, as subsidy answered
 * per claim.
 *
 * <p>Why this is safe with several instances: a claim another instance is taking is skipped (SKIP LOCKED),
 * and once taken it is not due again until its lease runs out, so two instances do not post the same claim
 * in normal operation. If an instance dies between (1) and (3), the lease runs out and another instance
 * posts it again: delivery is at least once, and subsidy-service is idempotent on the trade-in id
 * (201 first, 200 with the same subsidy afterwards), so the effect is exactly once. No database lock or
 * connection is held during the HTTP call, so a slow subsidy-service cannot stall completions or
 * exhaust the pool. A claim is never given up: attempts, the last status and error are recorded, the wait
 * is capped, and every failure past {@code alarm-after-attempts} is logged at ERROR.
 */
@ApplicationScoped
public class ClaimRelay {

    private static final Logger LOG = Logger.getLogger(ClaimRelay.class);
    /** A run keeps taking batches while they come back full, up to this many, to drain a backlog. */
    private static final int MAX_BATCHES_PER_RUN = 20;

    private final ClaimOutboxRepository outbox;
    private final SubsidyClient subsidy;
    private final AuditTrail audit;
    private final TradeInConfig.Outbox settings;
    private final Backoff backoff;
    private final Counter delivered;
    private final Counter failed;
    private final AtomicLong undelivered = new AtomicLong();

    @Inject
    public ClaimRelay(ClaimOutboxRepository outbox, SubsidyClient subsidy, AuditTrail audit, TradeInConfig config,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.subsidy = subsidy;
        this.audit = audit;
        this.settings = config.outbox();
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffCap(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.delivered = meters.counter("tradein.claims.delivered");
        this.failed = meters.counter("tradein.claims.delivery.failures");
        meters.gauge("tradein.claims.undelivered", undelivered);
    }

    /** What one run did. */
    public record RunResult(int taken, int delivered) {
    }

    @Scheduled(identity = "claim-relay", every = "${tradein.outbox.every:1s}",
            delayed = "${tradein.outbox.initial-delay:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            relayBatch();
        } catch (RuntimeException e) {
            // the database may be briefly unreachable; the next run tries again
            LOG.errorf("claim relay run failed: %s", e.toString());
        }
    }

    /**
     * One relay run. Safe to call from several threads or instances at once (the tests do exactly that).
     */
    @ActivateRequestContext
    public RunResult relayBatch() {
        int size = Math.min(settings.batchSize(), SubsidyClient.MAX_BATCH);
        int taken = 0;
        int ok = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
            List<ClaimOutboxRepository.Lease> leases = outbox.lease(size, settings.lease());
            taken += leases.size();
            if (!leases.isEmpty()) {
                ok += deliver(leases);
            }
            if (leases.size() < size) {
                break;
            }
        }
        undelivered.set(outbox.undelivered());
        return new RunResult(taken, ok);
    }

    /** Posts the leased claims in one request, oldest completion first, and records each claim's outcome. */
    private int deliver(List<ClaimOutboxRepository.Lease> leases) {
        List<ClaimOutboxRepository.Lease> ordered = leases.stream()
                .sorted(Comparator.comparing(ClaimOutboxRepository.Lease::createdAt)
                        .thenComparing(ClaimOutboxRepository.Lease::id))
                .toList();
        SubsidyClient.BatchAnswer answer;
        try {
            answer = subsidy.claimBatch(ordered.stream().map(ClaimOutboxRepository.Lease::tradeInId).toList());
        } catch (CircuitBreakerOpenException e) {
            answer = failedBatch("subsidy-service circuit open (recent failures)");
        } catch (RuntimeException e) {
            answer = failedBatch(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        Map<UUID, Integer> deliveredStatus = new LinkedHashMap<>();
        Map<UUID, ClaimOutboxRepository.Lease> byId = new LinkedHashMap<>();
        List<ClaimOutboxRepository.Failure> failures = new ArrayList<>();
        for (ClaimOutboxRepository.Lease lease : ordered) {
            SubsidyClient.ClaimAnswer a = answer.of(lease.tradeInId());
            if (a.delivered()) {
                deliveredStatus.put(lease.id(), a.status());
                byId.put(lease.id(), lease);
            } else {
                failures.add(new ClaimOutboxRepository.Failure(lease.id(), a.status() == 0 ? null : a.status(),
                        a.error(), backoff.delay(lease.attempts())));
            }
        }
        if (!deliveredStatus.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> {
                Set<UUID> marked = outbox.markDelivered(deliveredStatus);
                for (UUID id : marked) {
                    ClaimOutboxRepository.Lease lease = byId.get(id);
                    audit.record(Actor.SYSTEM, "CLAIM_DELIVERED", AuditTrail.TRADE_IN, lease.tradeInId(),
                            "COMPLETED", "COMPLETED", "subsidy-service answered " + deliveredStatus.get(id)
                                    + " on attempt " + lease.attempts());
                }
            });
            delivered.increment(deliveredStatus.size());
            LOG.infof("%d of %d claims delivered to subsidy-service", deliveredStatus.size(), ordered.size());
        }
        if (!failures.isEmpty()) {
            outbox.markFailed(failures);
            failed.increment(failures.size());
            logFailures(ordered, failures, answer.whole() != null);
        }
        return deliveredStatus.size();
    }

    private static SubsidyClient.BatchAnswer failedBatch(String error) {
        return new SubsidyClient.BatchAnswer(Map.of(), new SubsidyClient.ClaimAnswer(false, 0, error));
    }

    /** One line for a post that failed as a whole; one per claim otherwise. ERROR past the alarm threshold. */
    private void logFailures(List<ClaimOutboxRepository.Lease> ordered, List<ClaimOutboxRepository.Failure> failures,
            boolean whole) {
        Map<UUID, ClaimOutboxRepository.Lease> leases = new LinkedHashMap<>();
        ordered.forEach(l -> leases.put(l.id(), l));
        if (whole) {
            ClaimOutboxRepository.Failure f = failures.get(0);
            int maxAttempts = ordered.stream().mapToInt(ClaimOutboxRepository.Lease::attempts).max().orElse(0);
            if (maxAttempts >= settings.alarmAfterAttempts()) {
                LOG.errorf("%d claims not delivered (%s); the oldest has had %d attempts", failures.size(), f.error(),
                        maxAttempts);
            } else {
                LOG.warnf("%d claims not delivered (%s); next attempts in about %s", failures.size(), f.error(),
                        f.retryIn());
            }
            return;
        }
        for (ClaimOutboxRepository.Failure f : failures) {
            ClaimOutboxRepository.Lease lease = leases.get(f.id());
            if (lease.attempts() >= settings.alarmAfterAttempts()) {
                LOG.errorf("claim for trade-in %s still not delivered after %d attempts (%s); next attempt in %s",
                        lease.tradeInId(), lease.attempts(), f.error(), f.retryIn());
            } else {
                LOG.warnf("claim for trade-in %s not delivered (attempt %d: %s); next attempt in %s",
                        lease.tradeInId(), lease.attempts(), f.error(), f.retryIn());
            }
        }
    }
}
