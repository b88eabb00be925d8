package cn.ebike.subsidy.payout;

import cn.ebike.subsidy.audit.AuditTrail;
import cn.ebike.subsidy.claim.Subsidy;
import cn.ebike.subsidy.claim.SubsidyRepository;
import cn.ebike.subsidy.claim.SubsidyStatus;
import cn.ebike.common.problem.ApiException;
import cn.ebike.subsidy.config.SubsidyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The payout worker's transactions. A grant is taken by one worker at a time: the batch query locks
 * due rows with {@code FOR UPDATE SKIP LOCKED} and stamps a lease ({@code next_attempt_at}); every
 * later step re-locks the row and goes on only if the lease is still the one it stamped (a worker
 * that overran its lease finds another worker's stamp and stops). The provider's idempotency key is
 * the grant id, so even an overrun can never pay twice. The SQL is {@link SubsidyRepository}'s and
 * {@link PayoutAttemptRepository}'s.
 */
@ApplicationScoped
public class PayoutLedger {

    public static final String WORKER = "payout-worker";

    /** A grant taken for payout by one worker. */
    public record Job(UUID subsidyId, UUID ownerId, UUID campaignId, long amountFen, Instant lease,
            boolean askProviderFirst, int roundAttempts) {
    }

    /** A payment attempt that has been recorded (PENDING) and may now be sent. */
    public record Attempt(UUID attemptId, int attemptNo) {
    }

    private final SubsidyRepository subsidies;
    private final PayoutAttemptRepository attempts;
    private final AuditTrail audit;
    private final SubsidyConfig.Payout config;

    /** paid and failed times are the figures' (and the business clock's, which tests move) */
    private final cn.ebike.common.time.BusinessClock clock;

    public PayoutLedger(SubsidyRepository subsidies, PayoutAttemptRepository attempts, AuditTrail audit,
            SubsidyConfig config, cn.ebike.common.time.BusinessClock clock) {
        this.clock = clock;
        this.subsidies = subsidies;
        this.attempts = attempts;
        this.audit = audit;
        this.config = config.payout();
    }

    /** Locks up to {@code limit} due grants whose owner has a wallet, starts them (GRANTED → PAYING) and leases them. */
    @Transactional
    public List<Job> takeDue(int limit) {
        Instant now = Instant.now();
        List<UUID> ids = subsidies.lockDueForPayout(now, limit);
        // microsecond precision: PostgreSQL keeps microseconds, so the stamp compares equal when read back
        Instant lease = now.plus(config.lease()).truncatedTo(ChronoUnit.MICROS);
        List<Job> jobs = new ArrayList<>();
        for (UUID id : ids) {
            Subsidy s = subsidies.findById(id);
            boolean askFirst = s.payoutAttempts() > 0;
            if (s.status() == SubsidyStatus.GRANTED) {
                s.startPayout(now);
                audit.record(WORKER, "PAYOUT_STARTED", AuditTrail.PAYOUT, s.id(), SubsidyStatus.GRANTED, SubsidyStatus.PAYING,
                        "amountFen=" + s.amountFen());
            }
            s.lease(lease, now);
            jobs.add(new Job(s.id(), s.ownerId(), s.campaignId(), s.amountFen(), lease, askFirst, s.roundAttempts()));
        }
        return jobs;
    }

    /** The row, locked, if it is still PAYING under this job's lease. */
    private Optional<Subsidy> mine(Job job) {
        return subsidies.forUpdate(job.subsidyId())
                .filter(s -> s.status() == SubsidyStatus.PAYING && job.lease().equals(s.nextAttemptAt()));
    }

    /** Records a PENDING attempt before the provider is called, so an attempt is never lost in a crash. */
    @Transactional
    public Optional<Attempt> beginAttempt(Job job, String walletMasked) {
        return mine(job).map(s -> {
            s.countAttempt(Instant.now());
            PayoutAttempt a = attempts.record(s.id(), s.payoutAttempts(), PayoutAttempt.Kind.PAY, PayoutAttempt.Outcome.PENDING,
                    s.amountFen(), walletMasked);
            audit.record(WORKER, "PAYOUT_ATTEMPT", AuditTrail.PAYOUT, s.id(), SubsidyStatus.PAYING, SubsidyStatus.PAYING,
                    "attempt=" + s.payoutAttempts() + ", wallet=" + walletMasked);
            return new Attempt(a.id, s.payoutAttempts());
        });
    }

    /**
     * The provider paid. The grant becomes PAID if it is still PAYING, even under another worker's
     * lease: the money has moved, whoever asked.
     */
    @Transactional
    public void succeeded(Job job, Attempt attempt, PayoutProvider.ProviderPayment payment) {
        PayoutAttempt a = attempts.findById(attempt.attemptId());
        a.outcome = PayoutAttempt.Outcome.SUCCEEDED;
        a.finishedAt = Instant.now();
        a.providerPaymentId = payment.paymentId();
        markPaid(job.subsidyId(), payment, "attempt=" + attempt.attemptNo());
    }

    private void markPaid(UUID subsidyId, PayoutProvider.ProviderPayment payment, String detail) {
        Subsidy s = subsidies.forUpdate(subsidyId).orElseThrow();
        if (s.status() != SubsidyStatus.PAYING) {
            return;
        }
        s.markPaid(payment.paidAt() == null ? clock.now() : payment.paidAt());
        audit.record(WORKER, "PAYOUT_PAID", AuditTrail.PAYOUT, s.id(), SubsidyStatus.PAYING, SubsidyStatus.PAID,
                detail + ", providerPayment=" + payment.paymentId() + ", amountFen=" + payment.amountFen());
    }

    /**
     * The attempt failed ({@code definite}: declined, nothing paid) or its outcome is unknown. A
     * definite failure of the last allowed attempt ends as FAILED; anything else is retried after a
     * backoff, and an unknown outcome makes the next round ask the provider first.
     */
    @Transactional
    public void failed(Job job, Attempt attempt, String error, boolean definite) {
        PayoutAttempt a = attempts.findById(attempt.attemptId());
        a.outcome = definite ? PayoutAttempt.Outcome.FAILED : PayoutAttempt.Outcome.UNKNOWN;
        a.finishedAt = Instant.now();
        a.error = truncate(error);
        mine(job).ifPresent(s -> {
            Instant now = Instant.now();
            if (definite && s.roundAttempts() >= config.maxAttempts()) {
                s.markFailed(truncate(error), now);
                audit.record(WORKER, "PAYOUT_FAILED", AuditTrail.PAYOUT, s.id(), SubsidyStatus.PAYING, SubsidyStatus.FAILED,
                        "after " + s.roundAttempts() + " attempts: " + error);
                return;
            }
            Duration wait = Backoff.after(s.roundAttempts(), config.backoffBase(), config.backoffMax(),
                    ThreadLocalRandom.current());
            s.retryLater(truncate(error), now.plus(wait), now);
            audit.record(WORKER, definite ? "PAYOUT_ATTEMPT_FAILED" : "PAYOUT_ATTEMPT_UNKNOWN", AuditTrail.PAYOUT, s.id(),
                    SubsidyStatus.PAYING, SubsidyStatus.PAYING,
                    "attempt=" + attempt.attemptNo() + ", retry in " + wait.toMillis() + " ms: " + error);
        });
    }

    /** The provider holds a payment for this grant (found by key): PAID, without paying again. */
    @Transactional
    public void foundAtProvider(Job job, PayoutProvider.ProviderPayment payment) {
        Subsidy s = subsidies.forUpdate(job.subsidyId()).orElseThrow();
        attempts.closeAbandoned(s.id());
        PayoutAttempt q = attempts.record(s.id(), s.payoutAttempts(), PayoutAttempt.Kind.QUERY, PayoutAttempt.Outcome.SUCCEEDED,
                payment.amountFen(), payment.walletMasked());
        q.finishedAt = Instant.now();
        q.providerPaymentId = payment.paymentId();
        markPaid(s.id(), payment, "confirmed by query after attempt " + s.payoutAttempts());
    }

    /**
     * The provider holds no payment for this grant. Returns true if another attempt may be made; when
     * the round's attempts are used up the grant ends FAILED here (only after this confirmation).
     */
    @Transactional
    public boolean notAtProvider(Job job) {
        Optional<Subsidy> mine = mine(job);
        if (mine.isEmpty()) {
            return false;
        }
        Subsidy s = mine.get();
        attempts.closeAbandoned(s.id());
        PayoutAttempt q = attempts.record(s.id(), s.payoutAttempts(), PayoutAttempt.Kind.QUERY, PayoutAttempt.Outcome.NOT_FOUND,
                s.amountFen(), null);
        q.finishedAt = Instant.now();
        if (s.roundAttempts() >= config.maxAttempts()) {
            String error = "no payment at the provider after " + s.roundAttempts() + " attempts"
                    + (s.payoutError() == null ? "" : " (last error: " + s.payoutError() + ")");
            s.markFailed(truncate(error), clock.now());
            audit.record(WORKER, "PAYOUT_FAILED", AuditTrail.PAYOUT, s.id(), SubsidyStatus.PAYING, SubsidyStatus.FAILED, error);
            return false;
        }
        return true;
    }

    /** The provider could not be asked: try again later, without using up an attempt. */
    @Transactional
    public void queryFailed(Job job, String error) {
        mine(job).ifPresent(s -> {
            Instant now = Instant.now();
            Duration wait = Backoff.after(Math.max(1, s.roundAttempts()), config.backoffBase(), config.backoffMax(),
                    ThreadLocalRandom.current());
            s.retryLater(truncate("provider query failed: " + error), now.plus(wait), now);
        });
    }

    /** The owner has no usable wallet any more (or it cannot be decrypted): back to waiting, visible. */
    @Transactional
    public void cannotPay(Job job, String error) {
        mine(job).ifPresent(s -> {
            Instant now = Instant.now();
            s.retryLater(truncate(error), now.plus(config.backoffMax()), now);
        });
    }

    /** REGULATOR: a FAILED grant gets a new round of attempts (202); any other status is 409. */
    @Transactional
    public Subsidy retry(UUID subsidyId, String actor) {
        Subsidy s = subsidies.forUpdate(subsidyId).orElseThrow(() -> ApiException.notFound("Subsidy"));
        if (s.status() != SubsidyStatus.FAILED) {
            throw ApiException.conflict("payout-not-failed",
                    "Only a FAILED payout can be retried; this subsidy is " + s.status());
        }
        s.retryPayout(Instant.now());
        audit.record(actor, "PAYOUT_RETRY_REQUESTED", AuditTrail.PAYOUT, s.id(), SubsidyStatus.FAILED, SubsidyStatus.GRANTED,
                "new round after " + s.payoutAttempts() + " attempts");
        return s;
    }

    private static String truncate(String s) {
        return s == null ? null : s.length() <= 500 ? s : s.substring(0, 500);
    }
}
