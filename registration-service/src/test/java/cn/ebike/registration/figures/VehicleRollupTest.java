package cn.ebike.registration.figures;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.common.figures.Interval;
import cn.ebike.common.figures.TimeRange;
import cn.ebike.common.testing.Db;
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
 * The figures' counters (V19_1: vehicle_district_days, kept by triggers in the writing transaction) against a
 * recount over vehicles and plates, and the figures read from them against statements that count every vehicle
 * (as VehicleFigures did before the counters): after a multi-row insert, concurrent scrapping of one district's
 * bikes on one day, plates issued and revoked, a vehicle moving district (its plates' counts move along) and a
 * deletion, for open ranges, whole days, partial days at both edges and a range inside one day.
 */
@QuarkusTest
class VehicleRollupTest {

    @Inject
    DataSource dataSource;

    @Inject
    VehicleFigures figures;

    private static final String RECOUNT = "SELECT district, day, sum(filed) AS filed, sum(scrapped) AS scrapped, sum(plates) AS plates FROM ("
            + "SELECT district, (filed_at AT TIME ZONE 'Asia/Shanghai')::date AS day, 1 AS filed, 0 AS scrapped, 0 AS plates "
            + "FROM vehicles WHERE category = 'NON_STANDARD_FILED' "
            + "UNION ALL SELECT district, (scrapped_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1, 0 FROM vehicles "
            + "WHERE category = 'NON_STANDARD_FILED' AND status = 'SCRAPPED' "
            + "UNION ALL SELECT v.district, (p.issued_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 1 "
            + "FROM plates p JOIN vehicles v ON v.id = p.vehicle_id) x GROUP BY district, day";

    @Test
    void countersEqualARecountAfterConcurrentChangesAndFiguresEqualFullCounts() throws Exception {
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
        String district = "汇总区" + tag;
        String other = district + "乙";
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(60));
        UUID owner = UUID.randomUUID();
        db().update("INSERT INTO owners (id, name_enc, id_number_enc, id_number_hash, phone_enc, phone_hash, created_at, "
                + "created_by) VALUES (?, '\\x00', '\\x00', decode(md5(random()::text) || md5(random()::text), 'hex'), "
                + "'\\x00', decode(md5(random()::text) || md5(random()::text), 'hex'), now(), 'rollup test')", owner);
        // 150 filed bikes in one statement (the import writes many rows per statement), filed every 9 hours
        db().update("INSERT INTO vehicles (id, registration_code, frame_number, motor_number, brand, model, category, "
                + "battery_type, owner_id, status, registered_at, registered_by, filed_at, district) "
                + "SELECT gen_random_uuid(), 'RU' || ? || g, 'R' || ? || lpad(g::text, 8, '0'), 'M' || g, 'b', 'm', "
                + "'NON_STANDARD_FILED', 'LEAD_ACID', ?, 'REGISTERED', now(), 'rollup test', "
                + "?::timestamptz + g * interval '9 hours', CASE WHEN g % 4 = 0 THEN ? ELSE ? END "
                + "FROM generate_series(0, 149) g", tag, tag, owner, Timestamp.from(base), other, district);
        // plates on every other bike, issued at all hours over the 60 days
        db().update("INSERT INTO plates (id, plate_number, vehicle_id, status, issued_at, issued_by) "
                + "SELECT gen_random_uuid(), 'P' || ? || row_number() OVER (ORDER BY id), id, 'ACTIVE', "
                + "?::timestamptz + (row_number() OVER (ORDER BY id)) * interval '19 hours', 'rollup test' "
                + "FROM vehicles WHERE registration_code LIKE 'RU' || ? || '%' AND filed_at < ?::timestamptz + interval '40 days' "
                + "AND right(registration_code, 1) IN ('0', '2', '4', '6', '8')", tag, Timestamp.from(base), tag,
                Timestamp.from(base));
        assertCountersEqualRecount();

        // 20 transactions scrap 20 bikes of the district at one instant (one counter row), concurrently
        List<UUID> toScrap = ids("SELECT id FROM vehicles WHERE registration_code LIKE 'RU' || ? || '%' AND district = ? "
                + "ORDER BY filed_at LIMIT 20", tag, district);
        assertThat(toScrap).hasSize(20);
        Instant now = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        for (UUID id : toScrap) {
            done.add(pool.submit(() -> {
                go.await();
                try (Connection c = dataSource.getConnection()) {
                    c.setAutoCommit(false);
                    try (PreparedStatement ps = c.prepareStatement("UPDATE vehicles SET status = 'SCRAPPED', "
                            + "scrapped_at = ?, scrap_reference = 'rollup' WHERE id = ? AND status = 'REGISTERED'")) {
                        ps.setTimestamp(1, Timestamp.from(now));
                        ps.setObject(2, id);
                        int n = ps.executeUpdate();
                        Thread.sleep(20); // hold the counter row: the others must wait and add
                        c.commit();
                        return n;
                    } finally {
                        c.setAutoCommit(true);
                    }
                }
            }));
        }
        go.countDown();
        for (Future<Integer> f : done) {
            assertThat(f.get()).isEqualTo(1);
        }
        pool.shutdown();
        assertThat(db().count("SELECT scrapped FROM vehicle_district_days WHERE district = ? "
                + "AND day = (?::timestamptz AT TIME ZONE 'Asia/Shanghai')::date", district, Timestamp.from(now)))
                .isEqualTo(20);
        assertCountersEqualRecount();

        // a plate revoked (still issued), a plated bike moving district, a bike and its plate deleted by hand
        db().update("UPDATE plates SET status = 'REVOKED', revoked_at = now() WHERE id = (SELECT p.id FROM plates p "
                + "JOIN vehicles v ON v.id = p.vehicle_id WHERE v.registration_code LIKE 'RU' || ? || '%' LIMIT 1)", tag);
        db().update("UPDATE vehicles SET district = ? WHERE id IN (SELECT vehicle_id FROM plates p JOIN vehicles v ON "
                + "v.id = p.vehicle_id WHERE v.district = ? AND v.registration_code LIKE 'RU' || ? || '%' LIMIT 3)",
                other, district, tag);
        UUID gone = ids("SELECT vehicle_id FROM plates p JOIN vehicles v ON v.id = p.vehicle_id "
                + "WHERE v.registration_code LIKE 'RU' || ? || '%' AND v.status = 'REGISTERED' LIMIT 1", tag).get(0);
        db().update("DELETE FROM plates WHERE vehicle_id = ?", gone);
        db().update("DELETE FROM vehicles WHERE id = ?", gone);
        assertCountersEqualRecount();

        List<TimeRange> ranges = List.of(new TimeRange(null, null),
                new TimeRange(base.plus(Duration.ofDays(7)).plusSeconds(3 * 3600 + 17), null),
                new TimeRange(null, base.plus(Duration.ofDays(30)).plusSeconds(5 * 3600)),
                new TimeRange(base.plus(Duration.ofDays(3)).plusSeconds(3600 * 7), now.plusSeconds(1)),
                new TimeRange(base.plus(Duration.ofDays(10)).plusSeconds(3600 * 2), base.plus(Duration.ofDays(10)).plusSeconds(3600 * 20)),
                new TimeRange(Instant.parse("2000-01-01T00:00:00Z"), now.plus(Duration.ofDays(1))));
        for (TimeRange r : ranges) {
            for (String d : new String[] {district, other}) {
                assertThat(figures.byDistrict(r, d)).as("districts %s over %s", d, r).isEqualTo(fullByDistrict(r, d));
                for (Interval i : List.of(Interval.DAY, Interval.WEEK, Interval.MONTH, Interval.HOUR)) {
                    assertThat(figures.platesIssued(i, r, d)).as("plates per %s in %s over %s", i, d, r)
                            .isEqualTo(full(i, r, "plates p JOIN vehicles v ON v.id = p.vehicle_id", "p.issued_at", "true", d));
                    assertThat(figures.scrappedSeries(i, r, d)).as("scrapped per %s in %s over %s", i, d, r)
                            .isEqualTo(full(i, r, "vehicles v", "v.scrapped_at",
                                    "v.category = 'NON_STANDARD_FILED' AND v.status = 'SCRAPPED'", d));
                    List<VehicleFigures.Point> filed = figures.filedSeries(i, r, d);
                    assertThat(filed.subList(1, filed.size())).as("filed per %s in %s over %s", i, d, r)
                            .isEqualTo(full(i, r, "vehicles v", "v.filed_at", "v.category = 'NON_STANDARD_FILED'", d));
                    assertThat(filed.get(0).value()).isEqualTo(r.from() == null ? 0 : db().count(
                            "SELECT count(*) FROM vehicles WHERE category = 'NON_STANDARD_FILED' AND filed_at < ? "
                                    + "AND district = ?", Timestamp.from(r.from()), d));
                }
            }
        }
        assertThat(figures.filed(district)).isEqualTo(db().count("SELECT count(*) FROM vehicles WHERE "
                + "category = 'NON_STANDARD_FILED' AND district = ?", district)).isPositive();
    }

    private void assertCountersEqualRecount() {
        long missing = db().count("SELECT count(*) FROM ((" + RECOUNT + ") EXCEPT "
                + "(SELECT district, day, filed, scrapped, plates FROM vehicle_district_days)) x");
        long extra = db().count("SELECT count(*) FROM ((SELECT district, day, filed, scrapped, plates FROM vehicle_district_days "
                + "WHERE filed <> 0 OR scrapped <> 0 OR plates <> 0) EXCEPT (" + RECOUNT + ")) x");
        assertThat(missing + extra).as("counter rows that differ from a recount").isZero();
    }

    private List<VehicleFigures.DistrictRow> fullByDistrict(TimeRange r, String district) throws SQLException {
        List<VehicleFigures.DistrictRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT district, count(*) FILTER (WHERE filed_at < ?), "
                        + "count(*) FILTER (WHERE status = 'SCRAPPED' AND scrapped_at >= ? AND scrapped_at < ?) "
                        + "FROM vehicles WHERE category = 'NON_STANDARD_FILED' AND district = ? GROUP BY district")) {
            ps.setTimestamp(1, ts(r.to(), "9999-01-01T00:00:00Z"));
            ps.setTimestamp(2, ts(r.from(), "1900-01-01T00:00:00Z"));
            ps.setTimestamp(3, ts(r.to(), "9999-01-01T00:00:00Z"));
            ps.setString(4, district);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new VehicleFigures.DistrictRow(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    private List<VehicleFigures.Point> full(Interval i, TimeRange r, String from, String column, String where,
            String district) throws SQLException {
        List<VehicleFigures.Point> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT date_trunc('" + i.sqlUnit() + "', " + column + " AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE "
                        + "'Asia/Shanghai' AS b, count(*) FROM " + from + " WHERE " + where + " AND " + column
                        + " >= ? AND " + column + " < ? AND v.district = ? GROUP BY b ORDER BY b")) {
            ps.setTimestamp(1, ts(r.from(), "1900-01-01T00:00:00Z"));
            ps.setTimestamp(2, ts(r.to(), "9999-01-01T00:00:00Z"));
            ps.setString(3, district);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new VehicleFigures.Point(rs.getTimestamp(1).toInstant(), rs.getLong(2)));
                }
            }
        }
        return out;
    }

    private static Timestamp ts(Instant t, String fallback) {
        return Timestamp.from(t == null ? Instant.parse(fallback) : t);
    }

    private Db db() {
        return new Db(dataSource);
    }

    private List<UUID> ids(String sql, Object... params) {
        List<UUID> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
