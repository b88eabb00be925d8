package cn.ebike.registration.figures;

import cn.ebike.common.figures.Interval;
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
 * registration's part of the regulators' figures: aggregate queries over vehicles and plates, each one
 * statement served by an index (ix_vehicles_category_district, ix_vehicles_scrapped_at, ix_plates_issued_at).
 * Times are bucketed in China time by PostgreSQL; the gateway fills the empty buckets.
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
     * the range (a trade-in's recycling scraps the old bike).
     */
    public List<DistrictRow> byDistrict(TimeRange range, String district) {
        String sql = "SELECT district, count(*) FILTER (WHERE filed_at < ?), "
                + "count(*) FILTER (WHERE status = 'SCRAPPED' AND scrapped_at >= ? AND scrapped_at < ?) "
                + "FROM vehicles WHERE category = 'NON_STANDARD_FILED'"
                + (district == null ? "" : " AND district = ?")
                + " GROUP BY district ORDER BY district";
        List<DistrictRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, ts(range.to(), MAX));
            ps.setTimestamp(2, ts(range.from(), MIN));
            ps.setTimestamp(3, ts(range.to(), MAX));
            if (district != null) {
                ps.setString(4, district);
            }
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
        return series("vehicles", "scrapped_at", "category = 'NON_STANDARD_FILED' AND status = 'SCRAPPED'",
                "district", interval, range, district);
    }

    /** Filed non-standard bikes filed per bucket, plus (as a bucket at {@code MIN}) those filed before the range. */
    public List<Point> filedSeries(Interval interval, TimeRange range, String district) {
        List<Point> points = new ArrayList<>(series("vehicles", "filed_at", "category = 'NON_STANDARD_FILED'",
                "district", interval, range, district));
        points.add(0, new Point(MIN, countFiledBefore(range.from(), district)));
        return points;
    }

    /** Plates issued per bucket, by the district of the plated vehicle. */
    public List<Point> platesIssued(Interval interval, TimeRange range, String district) {
        if (district == null) {
            return series("plates", "issued_at", "true", null, interval, range, null);
        }
        return series("plates p JOIN vehicles v ON v.id = p.vehicle_id", "p.issued_at", "true", "v.district",
                interval, range, district);
    }

    private long countFiledBefore(Instant before, String district) {
        if (before == null) {
            return 0;
        }
        String sql = "SELECT count(*) FROM vehicles WHERE category = 'NON_STANDARD_FILED' AND filed_at < ?"
                + (district == null ? "" : " AND district = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(before));
            if (district != null) {
                ps.setString(2, district);
            }
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

    private List<Point> series(String from, String column, String where, String districtColumn, Interval interval,
            TimeRange range, String district) {
        String bucket = "date_trunc('" + interval.sqlUnit() + "', " + column + " AT TIME ZONE 'Asia/Shanghai') "
                + "AT TIME ZONE 'Asia/Shanghai'";
        String sql = "SELECT " + bucket + " AS b, count(*) FROM " + from + " WHERE " + where
                + " AND " + column + " >= ? AND " + column + " < ?"
                + (district == null ? "" : " AND " + districtColumn + " = ?")
                + " GROUP BY b ORDER BY b";
        List<Point> points = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, ts(range.from(), MIN));
            ps.setTimestamp(2, ts(range.to(), MAX));
            if (district != null) {
                ps.setString(3, district);
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

    private static Timestamp ts(Instant t, Instant fallback) {
        return Timestamp.from(t == null ? fallback : t);
    }
}
