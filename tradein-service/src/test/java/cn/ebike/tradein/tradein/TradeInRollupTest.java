package cn.ebike.tradein.tradein;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.common.figures.Interval;
import cn.ebike.common.figures.TimeRange;
import cn.ebike.tradein.figures.TradeInFigures;
import cn.ebike.common.testing.Db;
import cn.ebike.tradein.support.TestUscc;
import cn.ebike.tradein.support.WireMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * The figures' counters (V19_1: trade_in_district_days, trade_in_dealer_months, kept by triggers in the changing
 * transaction) against a recount over trade_ins, and the figures read from them against the statements that
 * count every trade-in (as TradeInFigures did before the counters): after concurrent completions of one dealer
 * on one day, cancellations of recycled trade-ins, a deletion and a dealer moving district, for open ranges,
 * whole days, partial days at both edges, a range inside one day and ranges across months.
 */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class TradeInRollupTest {

    @Inject
    DataSource dataSource;

    @Inject
    TradeInFigures figures;

    /** The counters as a recount over trade_ins would make them; rows that differ are listed. */
    private static final String DISTRICT_DAYS_RECOUNT = "SELECT district, day, sum(completed) AS completed, sum(recycled) AS recycled FROM ("
            + "SELECT d.district, (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date AS day, 1 AS completed, 0 AS recycled "
            + "FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id WHERE t.status = 'COMPLETED' "
            + "UNION ALL SELECT d.district, (t.recycled_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1 "
            + "FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id WHERE t.status <> 'CANCELLED' AND t.recycled_at IS NOT NULL"
            + ") x GROUP BY district, day";
    private static final String DEALER_MONTHS_RECOUNT = "SELECT dealer_id, date_trunc('month', opened_at AT TIME ZONE 'Asia/Shanghai')::date AS month, "
            + "count(*) AS opened, count(*) FILTER (WHERE status = 'OPEN') AS open, count(*) FILTER (WHERE status = 'COMPLETED') AS completed, "
            + "count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled, "
            + "count(*) FILTER (WHERE status <> 'CANCELLED' AND recycled_at IS NOT NULL) AS recycled FROM trade_ins GROUP BY 1, 2";

    @Test
    void countersEqualARecountAfterConcurrentTransitionsAndFiguresEqualFullCounts() throws Exception {
        Db db = new Db(dataSource);
        String district = "汇总区" + UUID.randomUUID().toString().substring(0, 8);
        String other = district + "乙";
        List<UUID> dealers = insertDealers(db, 3, "汇总测试", district);
        // 240 trade-ins in one statement (the triggers count a statement's rows together), opened over ~100 days
        // at all hours, a third still open, a third recycled, a third completed 3..50 hours after opening
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(100));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO trade_ins (id, dealer_id, owner_id, old_vehicle_id, new_vehicle_id, status, opened_at, "
                        + "recycled_at, recycling_receipt_no, recycling_receipt_key, battery_returned, completed_at) "
                        + "SELECT gen_random_uuid(), (?::uuid[])[1 + (g / 3) % 3], gen_random_uuid(), gen_random_uuid(), "
                        + "CASE WHEN g % 3 = 2 THEN gen_random_uuid() END, "
                        + "CASE WHEN g % 3 = 2 THEN 'COMPLETED' ELSE 'OPEN' END, "
                        + "?::timestamptz + g * interval '10 hours', "
                        + "CASE WHEN g % 3 > 0 THEN ?::timestamptz + g * interval '10 hours' + interval '2 hours' END, "
                        + "CASE WHEN g % 3 > 0 THEN 'RU' || g || ? END, CASE WHEN g % 3 > 0 THEN 'RU' || g || ? END, "
                        + "CASE WHEN g % 3 > 0 THEN true END, "
                        + "CASE WHEN g % 3 = 2 THEN ?::timestamptz + g * interval '10 hours' + (3 + g % 47) * interval '1 hour' END "
                        + "FROM generate_series(0, 239) g")) {
            ps.setArray(1, c.createArrayOf("uuid", dealers.toArray()));
            ps.setTimestamp(2, Timestamp.from(base));
            ps.setTimestamp(3, Timestamp.from(base));
            ps.setString(4, district);
            ps.setString(5, district);
            ps.setTimestamp(6, Timestamp.from(base));
            ps.executeUpdate();
        }
        assertCountersEqualRecount(db);

        // concurrently: 16 transactions each complete one open recycled trade-in of dealer 0 at the same instant
        // (one counter row for all of them), while 8 others cancel recycled ones of dealers 1 and 2
        List<String> toComplete = ids(db, "SELECT id FROM trade_ins WHERE dealer_id = ? AND status = 'OPEN' "
                + "AND recycled_at IS NOT NULL ORDER BY opened_at LIMIT 16", dealers.get(0));
        List<String> toCancel = ids(db, "SELECT id FROM trade_ins WHERE dealer_id <> ? AND dealer_id = ANY(?::uuid[]) "
                + "AND status = 'OPEN' AND recycled_at IS NOT NULL ORDER BY opened_at DESC LIMIT 8", dealers.get(0),
                "{" + dealers.get(1) + "," + dealers.get(2) + "}");
        assertThat(toComplete).hasSize(16);
        assertThat(toCancel).hasSize(8);
        Instant now = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        for (String id : toComplete) {
            done.add(pool.submit(() -> {
                go.await();
                return inTransaction("UPDATE trade_ins SET status = 'COMPLETED', new_vehicle_id = gen_random_uuid(), "
                        + "completed_at = ?, version = version + 1 WHERE id = ?::uuid AND status = 'OPEN'", now, id);
            }));
        }
        for (String id : toCancel) {
            done.add(pool.submit(() -> {
                go.await();
                return inTransaction("UPDATE trade_ins SET status = 'CANCELLED', cancelled_at = ?, "
                        + "cancellation_reason = 'rollup test', version = version + 1 WHERE id = ?::uuid AND status = 'OPEN'",
                        now, id);
            }));
        }
        go.countDown();
        for (Future<Integer> f : done) {
            assertThat(f.get()).isEqualTo(1);
        }
        pool.shutdown();
        assertThat(db.count("SELECT completed FROM trade_in_district_days WHERE district = ? "
                + "AND day = (?::timestamptz AT TIME ZONE 'Asia/Shanghai')::date", district, Timestamp.from(now)))
                .isEqualTo(db.count("SELECT count(*) FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id "
                        + "WHERE d.district = ? AND (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date = "
                        + "(?::timestamptz AT TIME ZONE 'Asia/Shanghai')::date", district, Timestamp.from(now)))
                .isGreaterThanOrEqualTo(16);
        assertCountersEqualRecount(db);

        // a deletion (by hand) and a dealer moving to another district move their counts too
        db.update("DELETE FROM trade_ins WHERE id = (SELECT id FROM trade_ins WHERE dealer_id = ? AND status = 'COMPLETED' "
                + "ORDER BY opened_at LIMIT 1)", dealers.get(1));
        db.update("UPDATE dealers SET district = ? WHERE id = ?", other, dealers.get(2));
        assertCountersEqualRecount(db);

        // the figures (counters + edges) against counting every trade-in, for ranges with and without edges
        Instant day0 = Instant.parse("2000-01-01T00:00:00Z");
        List<TimeRange> ranges = List.of(new TimeRange(null, null),
                new TimeRange(base.plus(Duration.ofDays(20)).plusSeconds(3 * 3600 + 17), null),
                new TimeRange(null, base.plus(Duration.ofDays(70)).plusSeconds(5 * 3600)),
                new TimeRange(base.plus(Duration.ofDays(3)).plusSeconds(3600 * 7), now.plusSeconds(1)),
                new TimeRange(base.plus(Duration.ofDays(10)).plusSeconds(3600 * 2), base.plus(Duration.ofDays(10)).plusSeconds(3600 * 20)),
                new TimeRange(base.plus(Duration.ofDays(25)).plusSeconds(60), base.plus(Duration.ofDays(68)).plusSeconds(60)),
                new TimeRange(day0, now.plus(Duration.ofDays(1))));
        for (TimeRange r : ranges) {
            assertThat(figures.byDistrict(r).stream().filter(x -> x.district().startsWith(district)).toList())
                    .as("completion by district over %s", r).isEqualTo(fullByDistrict(r, district));
            assertThat(figures.byDealer(r, null).stream().filter(x -> dealers.contains(x.dealerId())).toList())
                    .as("dealer table over %s", r).isEqualTo(fullByDealer(r, dealers));
            for (Interval i : List.of(Interval.DAY, Interval.WEEK, Interval.MONTH)) {
                assertThat(figures.completedSeries(i, r, district)).as("completed per %s over %s", i, r)
                        .isEqualTo(fullSeries(i, r, district));
            }
            assertThat(figures.byDealer(r, null, false).stream().filter(x -> dealers.contains(x.dealerId())).toList())
                    .as("dealer table without the median over %s", r)
                    .isEqualTo(fullByDealer(r, dealers).stream().map(x -> new TradeInFigures.DealerRow(x.dealerId(),
                            x.name(), x.district(), x.opened(), x.open(), x.completed(), x.cancelled(), x.recycled(),
                            null, x.creditGrade())).toList());
            assertThat(figures.byDealer(r, other)).as("dealer table of one district over %s", r)
                    .isEqualTo(fullByDealer(r, List.of(dealers.get(2))));
        }
        assertThat(figures.byDealer(new TimeRange(null, null), null).stream()
                .filter(x -> x.dealerId().equals(dealers.get(0))).findFirst().orElseThrow().medianHoursToComplete())
                .isNotNull();
    }

    /**
     * The dealer table's medians kept per dealer version (V19_2) are those of the current trade-ins: after the
     * first read keeps them, 12 concurrent completions of dealer 0 with long durations (moving its median) while
     * 4 readers read the table and write back what they computed, a hand-made edit of a completion time and a
     * deletion, the table over an open range equals the statement that counts every trade-in.
     */
    @Test
    void keptMediansFollowEveryChangeOfACompletedTradeIn() throws Exception {
        Db db = new Db(dataSource);
        String district = "中位区" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> dealers = insertDealers(db, 2, "中位测试", district);
        // 60 trade-ins: even g completed 3..40 hours after opening, odd g open and recycled
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(30));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO trade_ins (id, dealer_id, owner_id, old_vehicle_id, new_vehicle_id, status, opened_at, "
                        + "recycled_at, recycling_receipt_no, recycling_receipt_key, battery_returned, completed_at) "
                        + "SELECT gen_random_uuid(), (?::uuid[])[1 + (g / 2) % 2], gen_random_uuid(), gen_random_uuid(), "
                        + "CASE WHEN g % 2 = 0 THEN gen_random_uuid() END, CASE WHEN g % 2 = 0 THEN 'COMPLETED' ELSE 'OPEN' END, "
                        + "?::timestamptz + g * interval '7 hours', ?::timestamptz + g * interval '7 hours' + interval '1 hour', "
                        + "'MD' || g || ?, 'MD' || g || ?, true, "
                        + "CASE WHEN g % 2 = 0 THEN ?::timestamptz + g * interval '7 hours' + (3 + g % 37) * interval '1 hour' END "
                        + "FROM generate_series(0, 59) g")) {
            ps.setArray(1, c.createArrayOf("uuid", dealers.toArray()));
            ps.setTimestamp(2, Timestamp.from(base));
            ps.setTimestamp(3, Timestamp.from(base));
            ps.setString(4, district);
            ps.setString(5, district);
            ps.setTimestamp(6, Timestamp.from(base));
            ps.executeUpdate();
        }
        TimeRange all = new TimeRange(null, null);
        assertThat(ours(all, dealers)).isEqualTo(fullByDealer(all, dealers));
        assertThat(db.count("SELECT count(*) FROM trade_in_dealer_medians WHERE dealer_id = ANY(?::uuid[]) "
                + "AND known_version = version", "{" + dealers.get(0) + "," + dealers.get(1) + "}"))
                .as("the first read keeps both medians").isEqualTo(2);
        assertThat(ours(all, dealers)).isEqualTo(fullByDealer(all, dealers));

        List<String> toComplete = ids(db, "SELECT id FROM trade_ins WHERE dealer_id = ? AND status = 'OPEN' "
                + "ORDER BY opened_at LIMIT 12", dealers.get(0));
        assertThat(toComplete).hasSize(12);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        for (int i = 0; i < toComplete.size(); i++) {
            String id = toComplete.get(i);
            Instant at = base.plus(Duration.ofHours(400 + 13 * i));
            done.add(pool.submit(() -> {
                go.await();
                return inTransaction("UPDATE trade_ins SET status = 'COMPLETED', new_vehicle_id = gen_random_uuid(), "
                        + "completed_at = ?, version = version + 1 WHERE id = ?::uuid AND status = 'OPEN'", at, id);
            }));
        }
        List<Future<?>> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            readers.add(pool.submit(() -> {
                go.await();
                for (int k = 0; k < 10; k++) {
                    figures.byDealer(all, district);
                    Thread.sleep(3);
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<Integer> f : done) {
            assertThat(f.get()).isEqualTo(1);
        }
        for (Future<?> f : readers) {
            f.get();
        }
        pool.shutdown();
        List<TradeInFigures.DealerRow> after = fullByDealer(all, dealers);
        assertThat(ours(all, dealers)).isEqualTo(after);
        assertThat(ours(all, dealers)).isEqualTo(after);

        // by hand: a completion time edited, then a completed trade-in deleted
        db.update("UPDATE trade_ins SET completed_at = completed_at + interval '900 hours' WHERE id = (SELECT id FROM trade_ins "
                + "WHERE dealer_id = ? AND status = 'COMPLETED' ORDER BY completed_at - opened_at LIMIT 1)", dealers.get(1));
        assertThat(ours(all, dealers)).isEqualTo(fullByDealer(all, dealers));
        db.update("DELETE FROM trade_ins WHERE id = (SELECT id FROM trade_ins WHERE dealer_id = ? AND status = 'COMPLETED' "
                + "ORDER BY completed_at - opened_at DESC LIMIT 1)", dealers.get(0));
        assertThat(ours(all, dealers)).isEqualTo(fullByDealer(all, dealers));
        assertThat(ours(all, dealers)).isEqualTo(fullByDealer(all, dealers));
    }

    private List<TradeInFigures.DealerRow> ours(TimeRange r, List<UUID> dealers) {
        return figures.byDealer(r, null).stream().filter(x -> dealers.contains(x.dealerId())).toList();
    }

    private void assertCountersEqualRecount(Db db) {
        for (String[] check : new String[][] {
                {"trade_in_district_days", DISTRICT_DAYS_RECOUNT, "district, day, completed, recycled"},
                {"trade_in_dealer_months", DEALER_MONTHS_RECOUNT, "dealer_id, month, opened, open, completed, cancelled, recycled"}}) {
            String kept = "SELECT " + check[2] + " FROM " + check[0];
            // rows counting nothing may stay behind in the counters; a recount has none
            String nonZero = check[0].equals("trade_in_district_days") ? " WHERE completed <> 0 OR recycled <> 0"
                    : " WHERE opened <> 0 OR open <> 0 OR completed <> 0 OR cancelled <> 0 OR recycled <> 0";
            long missing = db.count("SELECT count(*) FROM ((" + check[1] + ") EXCEPT (" + kept + ")) x");
            long extra = db.count("SELECT count(*) FROM ((" + kept + nonZero + ") EXCEPT (" + check[1] + ")) x");
            assertThat(missing + extra).as("%s rows that differ from a recount over trade_ins", check[0]).isZero();
        }
    }

    private int inTransaction(String sql, Instant at, String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, id);
                int n = ps.executeUpdate();
                Thread.sleep(20); // hold the counter row a moment: the others must wait and add, not overwrite
                c.commit();
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.rollback();
                throw new IllegalStateException(e);
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private List<String> ids(Db db, String sql, Object... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Timestamp ts(Instant t, String fallback) {
        return Timestamp.from(t == null ? Instant.parse(fallback) : t);
    }

    // ---- the statements that count every trade-in (TradeInFigures before the counters), as the oracle

    private List<TradeInFigures.DistrictRow> fullByDistrict(TimeRange r, String district) throws SQLException {
        List<TradeInFigures.DistrictRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT d.district, count(*) FILTER (WHERE t.completed_at >= ? AND t.completed_at < ?), "
                        + "count(*) FILTER (WHERE t.recycled_at >= ? AND t.recycled_at < ? AND t.status <> 'CANCELLED') "
                        + "FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id WHERE d.district LIKE ? || '%' "
                        + "GROUP BY d.district ORDER BY d.district")) {
            ps.setTimestamp(1, ts(r.from(), "1900-01-01T00:00:00Z"));
            ps.setTimestamp(2, ts(r.to(), "9999-01-01T00:00:00Z"));
            ps.setTimestamp(3, ts(r.from(), "1900-01-01T00:00:00Z"));
            ps.setTimestamp(4, ts(r.to(), "9999-01-01T00:00:00Z"));
            ps.setString(5, district);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TradeInFigures.DistrictRow(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    private List<TradeInFigures.DealerRow> fullByDealer(TimeRange r, List<UUID> dealers) throws SQLException {
        List<TradeInFigures.DealerRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT d.id, d.name, d.district, count(t.id), "
                        + "count(t.id) FILTER (WHERE t.status = 'OPEN'), count(t.id) FILTER (WHERE t.status = 'COMPLETED'), "
                        + "count(t.id) FILTER (WHERE t.status = 'CANCELLED'), "
                        + "count(t.id) FILTER (WHERE t.recycled_at IS NOT NULL AND t.status <> 'CANCELLED'), "
                        + "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.completed_at - t.opened_at) / 3600.0) "
                        + "FILTER (WHERE t.status = 'COMPLETED'), d.credit_grade "
                        + "FROM dealers d LEFT JOIN trade_ins t ON t.dealer_id = d.id AND t.opened_at >= ? AND t.opened_at < ? "
                        + "WHERE d.id = ANY(?::uuid[]) GROUP BY d.id, d.name, d.district, d.credit_grade ORDER BY d.name, d.id")) {
            ps.setTimestamp(1, ts(r.from(), "1900-01-01T00:00:00Z"));
            ps.setTimestamp(2, ts(r.to(), "9999-01-01T00:00:00Z"));
            ps.setArray(3, c.createArrayOf("uuid", dealers.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double median = rs.getDouble(9);
                    java.math.BigDecimal m = rs.wasNull() ? null
                            : java.math.BigDecimal.valueOf(median).setScale(1, java.math.RoundingMode.HALF_UP);
                    out.add(new TradeInFigures.DealerRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), m, rs.getString(10)));
                }
            }
        }
        return out;
    }

    private List<TradeInFigures.Point> fullSeries(Interval i, TimeRange r, String district) throws SQLException {
        List<TradeInFigures.Point> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT date_trunc('" + i.sqlUnit() + "', t.completed_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE "
                        + "'Asia/Shanghai' AS b, count(*) FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id "
                        + "AND d.district = ? WHERE t.completed_at >= ? AND t.completed_at < ? GROUP BY b ORDER BY b")) {
            ps.setString(1, district);
            ps.setTimestamp(2, ts(r.from(), "1900-01-01T00:00:00Z"));
            ps.setTimestamp(3, ts(r.to(), "9999-01-01T00:00:00Z"));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TradeInFigures.Point(rs.getTimestamp(1).toInstant(), rs.getLong(2)));
                }
            }
        }
        return out;
    }
    /** {@code n} dealers in {@code district}, named {@code prefix + i + district}. */
    private static List<UUID> insertDealers(Db db, int n, String prefix, String district) throws Exception {
        List<UUID> dealers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID id = UUID.randomUUID();
            db.update("INSERT INTO dealers (id, name, uscc, address, district, contact_phone, created_at, "
                    + "contact_phone_masked) VALUES (?, ?, ?, 'a', ?, '13800000000', now(), '138****0000')", id,
                    prefix + i + district, TestUscc.random(), district);
            dealers.add(id);
        }
        return dealers;
    }
}
