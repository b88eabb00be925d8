package cn.ebike.subsidy.payout;

import cn.ebike.common.masking.Masking;
import cn.ebike.subsidy.config.SubsidyConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * A stand-in for the e-CNY operator that behaves like a remote one: its own ledger (table
 * {@code sandbox_payment}, written in its own transactions, surviving restarts), idempotent on the
 * key (one payment per key, ever), a configurable latency, a share of calls declined without paying
 * and a share of payments whose answer is lost (paid, but the caller sees a timeout), a
 * query-by-key and a statement.
 */
@ApplicationScoped
public class SandboxPayoutProvider implements PayoutProvider {

    /**
     * Behaviour knobs; changeable at run time (tests, demos, {@code PUT /sandbox/behaviour} when
     * {@code PAYOUT_SANDBOX_CONTROL=true}). {@code lostAnswerRate} is the "times out after it has paid" trap:
     * the payment is booked, then the caller gets {@link OutcomeUnknown}.
     */
    public record Behaviour(long latencyMs, double failureRate, double lostAnswerRate) {

        public Behaviour {
            if (latencyMs < 0 || failureRate < 0 || failureRate > 1 || lostAnswerRate < 0 || lostAnswerRate > 1) {
                throw new IllegalArgumentException("latency >= 0 and rates within 0..1");
            }
        }
    }

    private final EntityManager em;
    private final Random random;
    private volatile Behaviour behaviour;

    /** the sandbox operator's payment time follows the business clock (tests move it) */
    private final cn.ebike.common.time.BusinessClock clock;

    public SandboxPayoutProvider(EntityManager em, SubsidyConfig config, cn.ebike.common.time.BusinessClock clock) {
        this.clock = clock;
        this.em = em;
        SubsidyConfig.Sandbox s = config.payout().sandbox();
        this.random = s.seed().isPresent() ? new Random(s.seed().getAsLong()) : new Random();
        this.behaviour = new Behaviour(s.latencyMs(), s.failureRate(), s.lostAnswerRate());
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    public void behave(Behaviour b) {
        this.behaviour = b;
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public ProviderPayment pay(PaymentRequest request) {
        Behaviour b = behaviour;
        latency(b);
        if (random.nextDouble() < b.failureRate()) {
            throw new Declined("sandbox operator declined the payment (simulated failure)");
        }
        ProviderPayment payment = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("""
                    insert into sandbox_payment (payment_id, idempotency_key, wallet_masked, wallet_fingerprint, amount_fen,
                                                 reference, created_at)
                    values (:id, :k, :w, :f, :a, :r, :t)
                    on conflict (idempotency_key) do nothing
                    """)
                    .setParameter("id", UUID.randomUUID())
                    .setParameter("k", request.idempotencyKey())
                    .setParameter("w", Masking.walletId(request.walletId()))
                    .setParameter("f", fingerprint(request.walletId()))
                    .setParameter("a", request.amountFen())
                    .setParameter("r", request.reference())
                    .setParameter("t", clock.now())
                    .executeUpdate();
            return byKey(request.idempotencyKey()).orElseThrow();
        });
        if (payment.amountFen() != request.amountFen()) {
            throw new Declined("idempotency key " + request.idempotencyKey() + " was used for another amount");
        }
        if (random.nextDouble() < b.lostAnswerRate()) {
            throw new OutcomeUnknown("sandbox operator did not answer in time (simulated lost answer; the payment was made)",
                    null);
        }
        return payment;
    }

    @Override
    public Optional<ProviderPayment> findByKey(String idempotencyKey) {
        latency(behaviour);
        return QuarkusTransaction.requiringNew().call(() -> byKey(idempotencyKey));
    }

    @Override
    public List<ProviderPayment> statement(Instant from, Instant to) {
        return QuarkusTransaction.requiringNew().call(() -> rows(em.createNativeQuery("""
                select payment_id, idempotency_key, amount_fen, wallet_masked, reference, created_at
                from sandbox_payment where created_at >= :f and created_at < :t order by created_at, payment_id
                """).setParameter("f", from).setParameter("t", to).getResultList()));
    }

    /**
     * Read through one server-side cursor ({@value #STATEMENT_FETCH} rows a round trip, one pass over
     * {@code sandbox_payment_created}): never the whole statement in memory at once.
     */
    @Override
    public void statement(Instant from, Instant to, java.util.function.Consumer<ProviderPayment> each) {
        QuarkusTransaction.requiringNew().run(() -> {
            @SuppressWarnings("unchecked")
            java.util.stream.Stream<Object> rows = em.createNativeQuery("""
                    select payment_id, idempotency_key, amount_fen, wallet_masked, reference, created_at
                    from sandbox_payment where created_at >= :f and created_at < :t order by created_at, payment_id
                    """).setParameter("f", from).setParameter("t", to)
                    .setHint(org.hibernate.jpa.HibernateHints.HINT_FETCH_SIZE, STATEMENT_FETCH)
                    .getResultStream();
            try (rows) {
                rows.forEach(o -> each.accept(row((Object[]) o)));
            }
        });
    }

    static final int STATEMENT_FETCH = 2000;

    private Optional<ProviderPayment> byKey(String key) {
        return rows(em.createNativeQuery("""
                select payment_id, idempotency_key, amount_fen, wallet_masked, reference, created_at
                from sandbox_payment where idempotency_key = :k
                """).setParameter("k", key).getResultList()).stream().findFirst();
    }

    private static List<ProviderPayment> rows(List<?> rows) {
        return rows.stream().map(o -> row((Object[]) o)).toList();
    }

    private static ProviderPayment row(Object[] r) {
        return new ProviderPayment(r[0].toString(), (String) r[1], ((Number) r[2]).longValue(), (String) r[3],
                (String) r[4], instant(r[5]));
    }

    private static Instant instant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        throw new IllegalStateException("unexpected time type " + o.getClass());
    }

    /** The account the operator credits, as its books would name it (SHA-256 of the wallet id, hex). */
    static String fingerprint(String walletId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(walletId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void latency(Behaviour b) {
        if (b.latencyMs() <= 0) {
            return;
        }
        try {
            Thread.sleep(b.latencyMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutcomeUnknown("interrupted while waiting for the operator", e);
        }
    }
}
