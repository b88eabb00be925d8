package cn.ebike.subsidy.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.subsidy.figures.SubsidyFigures;
import cn.ebike.subsidy.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The dealer table's grant counters (V19_1: subsidy_dealer_counts, append-only delta rows written by statement
 * triggers, folded by {@link SubsidyFigures#compactDealerCounts()}) against a recount over the subsidy rows, and
 * {@link SubsidyFigures#dealers()} against the statement that counts every subsidy (as it did before the
 * counters): after a multi-row insert, 16 concurrent grants of one dealer while 8 others are paid and 4 folds run
 * at the same time, a re-evaluated rejection, a payout's lease (changes nothing) and a hand-made delete.
 */
@QuarkusTest
class SubsidyDealerCountsTest {

    @Inject
    DataSource dataSource;

    @Inject
    SubsidyFigures figures;

    /** The counters as a recount over subsidy would make them. */
    private static final String RECOUNT = "SELECT dealer_id, count(*) AS granted, count(*) FILTER (WHERE status = 'PAID') AS paid, "
            + "coalesce(sum(amount_fen), 0) AS granted_fen FROM subsidy WHERE status <> 'REJECTED' AND dealer_id IS NOT NULL "
            + "GROUP BY dealer_id";
    private static final String KEPT = "SELECT dealer_id, sum(granted) AS granted, sum(paid) AS paid, sum(granted_fen) AS granted_fen "
            + "FROM subsidy_dealer_counts GROUP BY dealer_id HAVING sum(granted) <> 0 OR sum(paid) <> 0 OR sum(granted_fen) <> 0";

    /** A grant row of the phase (quota 500): rank, dealer and status given. */
    private static final String GRANT = "INSERT INTO subsidy (id, trade_in_id, owner_id, dealer_id, old_vehicle_id, new_vehicle_id, "
            + "campaign_id, phase_id, status, reason, amount_fen, rank, phase_quota, completed_at, decided_at, granted_at, paid_at, "
            + "next_attempt_at, updated_at) SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), (?::uuid[])[1 + g % 3], "
            + "gen_random_uuid(), gen_random_uuid(), ?, ?, s.status, CASE WHEN s.status = 'REJECTED' THEN 'TRADE_IN_NOT_COMPLETED' END, "
            + "CASE WHEN s.status <> 'REJECTED' THEN 30000 + g END, CASE WHEN s.status <> 'REJECTED' THEN g END, "
            + "CASE WHEN s.status <> 'REJECTED' THEN 500 END, now(), now(), CASE WHEN s.status <> 'REJECTED' THEN now() END, "
            + "CASE WHEN s.status = 'PAID' THEN now() END, now() + interval '1 day', now() FROM generate_series(?, ?) g, "
            + "LATERAL (SELECT (ARRAY['GRANTED', 'PAID', 'FAILED', 'GRANTED', 'REJECTED'])[1 + g % 5] AS status) s";

    @Test
    void countersEqualARecountAfterConcurrentGrantsPayoutsAndFolds() throws Exception {
        Fixtures.Created campaign = Fixtures.create(Fixtures.district(), List.of(Fixtures.phase("all year",
                Fixtures.JUNE, Fixtures.SEPTEMBER, 30000, 500)));
        UUID phase = campaign.phaseIds().get(0);
        List<UUID> dealers = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID[] dealerArray = dealers.toArray(new UUID[0]);

        // 150 rows in one statement (the triggers count a statement's rows together): grants, paid, failed, rejections
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(GRANT)) {
            ps.setArray(1, c.createArrayOf("uuid", dealerArray));
            ps.setObject(2, campaign.campaignId());
            ps.setObject(3, phase);
            ps.setInt(4, 1);
            ps.setInt(5, 150);
            ps.executeUpdate();
        }
        assertCountersEqualRecount();
        assertFiguresEqualFullCount(dealers);

        // concurrently: 16 transactions each grant one subsidy of dealer 0 (g = rank = 201, 204, ..., 246: g % 3 = 0
        // picks dealer 0), 8 pay a granted one of dealers 1 and 2, and 4 fold the counters five times each; every
        // writer holds its transaction open a moment
        List<UUID> toPay = ids("SELECT id FROM subsidy WHERE dealer_id = ANY(?) AND dealer_id <> ? AND status = 'GRANTED' "
                + "ORDER BY rank LIMIT 8", dealerArray, dealers.get(0));
        assertThat(toPay).hasSize(8);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int g = 201 + 3 * i;
            done.add(pool.submit(() -> {
                go.await();
                return inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement(GRANT.replace("(ARRAY['GRANTED', 'PAID', 'FAILED', 'GRANTED', 'REJECTED'])[1 + g % 5]", "'GRANTED'"))) {
                        ps.setArray(1, c.createArrayOf("uuid", dealerArray));
                        ps.setObject(2, campaign.campaignId());
                        ps.setObject(3, phase);
                        ps.setInt(4, g);
                        ps.setInt(5, g);
                        return ps.executeUpdate();
                    }
                });
            }));
        }
        for (UUID id : toPay) {
            done.add(pool.submit(() -> {
                go.await();
                return inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE subsidy SET status = 'PAID', paid_at = now(), "
                            + "payout_attempts = payout_attempts + 1 WHERE id = ? AND status = 'GRANTED'")) {
                        ps.setObject(1, id);
                        return ps.executeUpdate();
                    }
                });
            }));
        }
        List<Future<Integer>> folds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            folds.add(pool.submit(() -> {
                go.await();
                int n = 0;
                for (int k = 0; k < 5; k++) {
                    n += figures.compactDealerCounts();
                    Thread.sleep(5);
                }
                return n;
            }));
        }
        go.countDown();
        for (Future<Integer> f : done) {
            assertThat(f.get()).isEqualTo(1);
        }
        for (Future<Integer> f : folds) {
            f.get();
        }
        pool.shutdown();
        assertCountersEqualRecount();
        assertFiguresEqualFullCount(dealers);
        assertThat(figures.dealers().stream().filter(r -> r.dealerId().equals(dealers.get(0))).findFirst().orElseThrow()
                .granted()).isEqualTo(count("SELECT count(*) FROM subsidy WHERE dealer_id = ? AND status <> 'REJECTED'",
                        dealers.get(0))).isGreaterThanOrEqualTo(16 + 24);

        // a rejection decided again as a grant, a payout's lease (no count changes: no delta row), a hand-made delete
        long before = count("SELECT count(*) FROM subsidy_dealer_counts");
        assertThat(update("UPDATE subsidy SET next_attempt_at = now() + interval '2 days', round_attempts = round_attempts + 1 "
                + "WHERE dealer_id = ANY(?) AND status = 'GRANTED'", (Object) dealerArray)).isGreaterThan(8);
        assertThat(count("SELECT count(*) FROM subsidy_dealer_counts")).as("a lease adds no delta").isEqualTo(before);
        assertThat(update("UPDATE subsidy SET status = 'GRANTED', reason = NULL, amount_fen = 30000, rank = 499, phase_quota = 500, "
                + "granted_at = now() WHERE id = (SELECT id FROM subsidy WHERE dealer_id = ? AND status = 'REJECTED' LIMIT 1)",
                dealers.get(1))).isEqualTo(1);
        assertThat(update("DELETE FROM subsidy WHERE id = (SELECT id FROM subsidy WHERE dealer_id = ? AND status = 'PAID' LIMIT 1)",
                dealers.get(2))).isEqualTo(1);
        assertCountersEqualRecount();
        assertFiguresEqualFullCount(dealers);

        // folded: one row per dealer, same sums
        figures.compactDealerCounts();
        assertThat(count("SELECT count(*) FROM subsidy_dealer_counts WHERE dealer_id = ANY(?)", (Object) dealerArray))
                .isEqualTo(3);
        assertCountersEqualRecount();
        assertFiguresEqualFullCount(dealers);
    }

    private void assertCountersEqualRecount() {
        // one statement, one snapshot: rows of either side the other lacks
        assertThat(count("SELECT (SELECT count(*) FROM ((" + RECOUNT + ") EXCEPT (" + KEPT + ")) a) "
                + "+ (SELECT count(*) FROM ((" + KEPT + ") EXCEPT (" + RECOUNT + ")) b)"))
                .as("subsidy_dealer_counts rows that differ from a recount over subsidy").isZero();
    }

    private void assertFiguresEqualFullCount(List<UUID> dealers) throws SQLException {
        List<SubsidyFigures.DealerRow> full = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT dealer_id, count(*), count(*) FILTER (WHERE status = 'PAID'), coalesce(sum(amount_fen), 0) "
                        + "FROM subsidy WHERE status <> 'REJECTED' AND dealer_id = ANY(?) GROUP BY dealer_id")) {
            ps.setArray(1, c.createArrayOf("uuid", dealers.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    full.add(new SubsidyFigures.DealerRow(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4)));
                }
            }
        }
        assertThat(full).hasSize(3);
        assertThat(figures.dealers().stream().filter(r -> dealers.contains(r.dealerId())).toList())
                .containsExactlyInAnyOrderElementsOf(full);
    }

    private interface Work {
        int run(Connection c) throws SQLException;
    }

    private int inTransaction(Work work) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int n = work.run(c);
            Thread.sleep(20); // hold the transaction a moment: folds and the others overlap it
            c.commit();
            return n;
        }
    }

    private List<UUID> ids(String sql, Object... args) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = bind(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    private long count(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = bind(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = bind(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    private static PreparedStatement bind(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof UUID[] a) {
                ps.setArray(i + 1, c.createArrayOf("uuid", a));
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
        return ps;
    }
}
