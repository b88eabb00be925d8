package cn.ebike.registration.figures;

import cn.ebike.common.figures.Interval;
import cn.ebike.common.figures.RollupSplit;
import cn.ebike.common.figures.TimeRange;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * registration's part of the regulators' figures: each one statement over the per-district daily counters that
 * V19_1's triggers keep in the writing transaction (vehicle_district_days: whole China days) plus the partial days
 * at a range's edges counted from vehicles and plates (indexes ix_vehicles_figures_filed, _scrapped,
 * ix_plates_figures_issued), so an answer reads a few thousand rows, not 180,000 vehicles. Hourly series count
 * from the tables. Times are bucketed in China time by PostgreSQL; the gateway fills the empty buckets.
 */
@ApplicationScoped
public class VehicleFigures {

    public record DistrictRow(String district, long filed, long scrapped) {
    }

    public record Point(Instant t, long value) {
    }

    private static final Instant MIN = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-01-01T00:00:00Z");

    private final DataSource dataSource;

    public VehicleFigures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Per district: filed non-standard bikes filed before {@code to}, and how many of them were scrapped within
     * the range (a trade-in's recycling scraps the old bike). Whole China days from vehicle_district_days, the
     * partial days at the edges from vehicles; a district is listed when it has a filed bike at all.
     */
    public List<DistrictRow> byDistrict(TimeRange range, String district) {
        RollupSplit filed = RollupSplit.of(new TimeRange(null, range.to()), Interval.DAY);
        RollupSplit scrapped = RollupSplit.of(range, Interval.DAY);
        String one = district == null ? "" : " AND district = ?";
        String sql = "SELECT district, sum(filed), sum(scrapped) FROM ("
                + "SELECT district, CASE WHEN day < ? THEN filed ELSE 0 END AS filed, "
                + "CASE WHEN day >= ? AND day < ? THEN scrapped ELSE 0 END AS scrapped, filed AS ever "
                + "FROM vehicle_district_days WHERE true" + one
                + " UNION ALL SELECT district, 1, 0, 0 FROM vehicles WHERE " + FILED + " AND "
                + RollupSplit.inEdges("filed_at") + one
                + " UNION ALL SELECT district, 0, 1, 0 FROM vehicles WHERE " + SCRAPPED + " AND "
                + RollupSplit.inEdges("scrapped_at") + one
                + ") x GROUP BY district HAVING sum(ever) > 0 ORDER BY district";
        List<DistrictRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, filed.end());
            ps.setObject(i++, scrapped.first());
            ps.setObject(i++, scrapped.end());
            i = district(ps, i, district);
            i = district(ps, filed.bindEdges(ps, i), district);
            district(ps, scrapped.bindEdges(ps, i), district);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new DistrictRow(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** Filed non-standard bikes scrapped per bucket (for completion by month). */
    public List<Point> scrappedSeries(Interval interval, TimeRange range, String district) {
        return series("scrapped", "vehicles", "scrapped_at", SCRAPPED, "district", interval, range, district);
    }

    /** Filed non-standard bikes filed per bucket, plus (as a bucket at {@code MIN}) those filed before the range. */
    public List<Point> filedSeries(Interval interval, TimeRange range, String district) {
        List<Point> points = new ArrayList<>(series("filed", "vehicles", "filed_at", FILED, "district", interval,
                range, district));
        points.add(0, new Point(MIN, countFiledBefore(range.from(), district)));
        return points;
    }

    /** Plates issued per bucket, by the district of the plated vehicle. */
    public List<Point> platesIssued(Interval interval, TimeRange range, String district) {
        if (district == null) {
            return series("plates", "plates", "issued_at", "true", null, interval, range, null);
        }
        // the vehicle's district looked up per plate of the range (its primary key): the range is a day or two at
        // the edges, where a join would read every vehicle of the district
        return series("plates", "plates p", "p.issued_at", "true",
                "(SELECT v.district FROM vehicles v WHERE v.id = p.vehicle_id)", interval, range, district);
    }

    private long countFiledBefore(Instant before, String district) {
        if (before == null) {
            return 0;
        }
        RollupSplit days = RollupSplit.of(new TimeRange(null, before), Interval.DAY);
        String one = district == null ? "" : " AND district = ?";
        String sql = "SELECT (SELECT coalesce(sum(filed), 0) FROM vehicle_district_days WHERE day < ?" + one + ") "
                + "+ (SELECT count(*) FROM vehicles WHERE " + FILED + " AND " + RollupSplit.inEdges("filed_at") + one + ")";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, days.end());
            district(ps, days.bindEdges(ps, district(ps, 2, district)), district);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long filed(String district) {
        return countFiledBefore(MAX, district);
    }

    /**
     * Per bucket: days, weeks and months summed from the {@code counter} column of vehicle_district_days (whole
     * China days) plus the partial days at the edges counted from {@code from}; hours from {@code from} alone.
     */
    private List<Point> series(String counter, String from, String column, String where, String districtColumn,
            Interval interval, TimeRange range, String district) {
        String unit = interval.sqlUnit();
        String bucket = "date_trunc('" + unit + "', " + column + " AT TIME ZONE 'Asia/Shanghai') "
                + "AT TIME ZONE 'Asia/Shanghai'";
        String raw = district == null ? "" : " AND " + districtColumn + " = ?";
        String sql;
        RollupSplit days;
        if (interval == Interval.HOUR) {
            days = null;
            sql = "SELECT " + bucket + " AS b, count(*) FROM " + from + " WHERE " + where
                    + " AND " + column + " >= ? AND " + column + " < ?" + raw + " GROUP BY b ORDER BY b";
        } else {
            days = RollupSplit.of(range, Interval.DAY);
            sql = "SELECT b, sum(n) FROM ("
                    + "SELECT date_trunc('" + unit + "', day::timestamp) AT TIME ZONE 'Asia/Shanghai' AS b, " + counter
                    + " AS n FROM vehicle_district_days WHERE day >= ? AND day < ?"
                    + (district == null ? "" : " AND district = ?")
                    + " UNION ALL SELECT " + bucket + ", 1 FROM " + from + " WHERE " + where + " AND "
                    + RollupSplit.inEdges(column) + raw
                    + ") x GROUP BY b HAVING sum(n) > 0 ORDER BY b";
        }
        List<Point> points = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (days == null) {
                ps.setTimestamp(1, ts(range.from(), MIN));
                ps.setTimestamp(2, ts(range.to(), MAX));
                district(ps, 3, district);
            } else {
                ps.setObject(1, days.first());
                ps.setObject(2, days.end());
                district(ps, days.bindEdges(ps, district(ps, 3, district)), district);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    points.add(new Point(rs.getTimestamp(1).toInstant(), rs.getLong(2)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return points;
    }

    private static final String FILED = "category = 'NON_STANDARD_FILED'";
    private static final String SCRAPPED = "category = 'NON_STANDARD_FILED' AND status = 'SCRAPPED'";

    /** Binds the district at {@code index} when there is one; answers the next index. */
    private static int district(PreparedStatement ps, int index, String district) throws SQLException {
        if (district == null) {
            return index;
        }
        ps.setString(index, district);
        return index + 1;
    }

    private static Timestamp ts(Instant t, Instant fallback) {
        return Timestamp.from(t == null ? fallback : t);
    }
}
