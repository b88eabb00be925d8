package cn.ebike.subsidy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.common.audit.AuditChain;
import cn.ebike.common.audit.AuditChainSealer;
import cn.ebike.subsidy.claim.SubsidyStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * subsidy's audit rows go through common's AuditWriter: the same columns and limits as before, a decision
 * round's rows in one statement, and rows written before and after the move in one intact hash chain.
 */
@QuarkusTest
class AuditTrailTest {

    /** What subsidy's own writer ran before the move: the shape of the rows already in a database. */
    private static final String OLD_INSERT = "INSERT INTO audit_entry (id, at, actor, action, object_type, object_id,"
            + " from_status, to_status, detail) SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::varchar[],"
            + " ?::varchar[], ?::varchar[], ?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[])";

    @Inject
    AuditTrail audit;

    @Inject
    AuditChainSealer sealer;

    @Inject
    DataSource dataSource;

    @Test
    void aDecisionRoundsAuditRowsAreWrittenInOneStatement() throws Exception {
        List<AuditTrail.Change> changes = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            changes.add(new AuditTrail.Change(i == 0 ? null : "svc-tradein", "SUBSIDY_GRANTED", AuditTrail.SUBSIDY, id,
                    null, SubsidyStatus.GRANTED, i == 1 ? "x".repeat(1500) : "tradeIn=" + i));
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AtomicInteger statements = new AtomicInteger();
        try (Connection real = dataSource.getConnection()) {
            real.setAutoCommit(false);
            audit.recordAll(counting(real, statements), changes, at);
            real.commit();
        }
        assertThat(statements.get()).as("one INSERT for the whole round").isEqualTo(1);

        List<AuditEntry> rows = QuarkusTransaction.requiringNew().call(() -> audit.historyOf(ids));
        assertThat(rows).hasSize(250).allSatisfy(row -> {
            assertThat(row.at).isEqualTo(at);
            assertThat(row.action).isEqualTo("SUBSIDY_GRANTED");
            assertThat(row.objectType).isEqualTo("SUBSIDY");
            assertThat(row.fromStatus).isNull();
            assertThat(row.toStatus).isEqualTo("GRANTED");
        });
        AuditEntry first = rows.stream().filter(r -> r.objectId.equals(ids.get(0))).findFirst().orElseThrow();
        AuditEntry second = rows.stream().filter(r -> r.objectId.equals(ids.get(1))).findFirst().orElseThrow();
        assertThat(first.actor).as("a job's own row").isEqualTo("system");
        assertThat(second.actor).isEqualTo("svc-tradein");
        assertThat(second.detail).as("cut to the column's length").hasSize(1000);
    }

    @Test
    void rowsWrittenBeforeAndAfterTheMoveFormOneIntactChain() throws Exception {
        UUID legacy = UUID.randomUUID();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(OLD_INSERT)) {
            ps.setArray(1, c.createArrayOf("uuid", new UUID[] {UUID.randomUUID()}));
            ps.setArray(2, c.createArrayOf("text", new String[] {Instant.now().minusSeconds(60).toString()}));
            ps.setArray(3, c.createArrayOf("varchar", new String[] {"regulator-1"}));
            ps.setArray(4, c.createArrayOf("varchar", new String[] {"PAYOUT_RETRY_REQUESTED"}));
            ps.setArray(5, c.createArrayOf("varchar", new String[] {"PAYOUT"}));
            ps.setArray(6, c.createArrayOf("uuid", new UUID[] {legacy}));
            ps.setArray(7, c.createArrayOf("varchar", new String[] {"FAILED"}));
            ps.setArray(8, c.createArrayOf("varchar", new String[] {"GRANTED"}));
            ps.setArray(9, c.createArrayOf("varchar", new String[] {"旧的一行"}));
            ps.executeUpdate();
        }
        sealer.seal();
        long before = sealer.check().entries();

        UUID subsidy = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> audit.record("worker", "PAYOUT_STARTED", AuditTrail.PAYOUT,
                subsidy, SubsidyStatus.GRANTED, SubsidyStatus.PAYING, "attempt=1"));
        QuarkusTransaction.requiringNew().run(() -> audit.record(null, "PAYOUT_PAID", AuditTrail.PAYOUT, subsidy,
                SubsidyStatus.PAYING, SubsidyStatus.PAID, null));

        // check() waits for the scheduled sealer if it holds the chain's lock, so one call covers both rows
        AuditChain.Report report = sealer.check();
        assertThat(report.intact()).as(String.valueOf(report.problem())).isTrue();
        assertThat(report.unsealed()).isZero();
        assertThat(report.entries()).isGreaterThanOrEqualTo(before + 2);

        List<AuditEntry> history = QuarkusTransaction.requiringNew().call(() -> audit.history(AuditTrail.PAYOUT, subsidy));
        assertThat(history).extracting(e -> e.action).containsExactly("PAYOUT_STARTED", "PAYOUT_PAID");
        assertThat(history).extracting(e -> e.toStatus).containsExactly("PAYING", "PAID");
        assertThat(history).extracting(e -> e.actor).containsExactly("worker", "system");
        assertThat(sealedCount(legacy)).as("the row written the old way is sealed too").isEqualTo(1);
    }

    @Test
    void checkWaitsForAnotherSealerInsteadOfReportingRowsUnsealed() throws Exception {
        sealer.seal();
        QuarkusTransaction.requiringNew().run(() -> audit.record("regulator-1", "PAYOUT_RETRY_REQUESTED",
                AuditTrail.PAYOUT, UUID.randomUUID(), SubsidyStatus.FAILED, SubsidyStatus.GRANTED, null));
        long lockKey = io.quarkus.arc.Arc.container().instance(AuditChain.class).get().lockKey();
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, lockKey);
                lock.executeQuery().close();
            }
            // another instance is sealing: it lets go after 700 ms without having sealed the new row
            java.util.concurrent.CompletableFuture<Void> release = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(700);
                    other.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long started = System.nanoTime();
            AuditChain.Report report = sealer.check();
            long waitedMs = (System.nanoTime() - started) / 1_000_000;
            release.join();
            assertThat(waitedMs).as("check waited for the lock").isGreaterThanOrEqualTo(500);
            assertThat(report.unsealed()).as("the row committed before the check is sealed by it").isZero();
            assertThat(report.intact()).as(String.valueOf(report.problem())).isTrue();
        }
    }

    private long sealedCount(UUID objectId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM audit_entry WHERE object_id = ? AND chain_seq IS NOT NULL")) {
            ps.setObject(1, objectId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The connection, counting the statements prepared or created on it. */
    private static Connection counting(Connection real, AtomicInteger statements) {
        return (Connection) Proxy.newProxyInstance(AuditTrailTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") || method.getName().equals("createStatement")) {
                        statements.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
