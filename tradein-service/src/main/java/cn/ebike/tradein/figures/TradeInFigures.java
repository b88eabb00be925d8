package cn.ebike.tradein.figures;

import cn.ebike.common.figures.Queries;
import cn.ebike.common.figures.Interval;
import cn.ebike.common.figures.TimeRange;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * tradein's part of the regulators' figures. A trade-in counts in its dealer's district. Each figure is one
 * aggregate statement (indexes of V13_1). A range filters on the time of the step counted: completions by
 * {@code completed_at}, openings by {@code opened_at}.
 */
@ApplicationScoped
public class TradeInFigures {

    public record Point(Instant t, long value) {
    }

    public record DistrictRow(String district, long tradeInsCompleted, long recycled) {
    }

    public record DealerRow(UUID dealerId, String name, String district, long opened, long open, long completed,
            long cancelled, long recycled, BigDecimal medianHoursToComplete, String creditGrade) {
    }

    private static final Instant MIN = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-01-01T00:00:00Z");

    private final DataSource dataSource;

    public TradeInFigures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<DistrictRow> byDistrict(TimeRange range) {
        String sql = "SELECT d.district, count(*) FILTER (WHERE t.completed_at >= ? AND t.completed_at < ?), "
                + "count(*) FILTER (WHERE t.recycled_at >= ? AND t.recycled_at < ? AND t.status <> 'CANCELLED') "
                + "FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id GROUP BY d.district ORDER BY d.district";
        return Queries.query(dataSource, sql, ps -> {
            ps.setTimestamp(1, ts(range.from(), MIN));
            ps.setTimestamp(2, ts(range.to(), MAX));
            ps.setTimestamp(3, ts(range.from(), MIN));
            ps.setTimestamp(4, ts(range.to(), MAX));
        }, rs -> new DistrictRow(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    /**
     * Every dealer (also those without trade-ins): trade-ins opened in the range, how many of those are open,
     * completed, cancelled, recycled, the median hours from opening to completion of the completed ones, and the
     * dealer's credit grade (supervision; null before its first grading).
     */
    public List<DealerRow> byDealer(TimeRange range, String district) {
        String sql = "SELECT d.id, d.name, d.district, count(t.id), "
                + "count(t.id) FILTER (WHERE t.status = 'OPEN'), count(t.id) FILTER (WHERE t.status = 'COMPLETED'), "
                + "count(t.id) FILTER (WHERE t.status = 'CANCELLED'), "
                + "count(t.id) FILTER (WHERE t.recycled_at IS NOT NULL AND t.status <> 'CANCELLED'), "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.completed_at - t.opened_at) / 3600.0) "
                + "FILTER (WHERE t.status = 'COMPLETED'), d.credit_grade "
                + "FROM dealers d LEFT JOIN trade_ins t ON t.dealer_id = d.id AND t.opened_at >= ? AND t.opened_at < ? "
                + (district == null ? "" : "WHERE d.district = ? ")
                + "GROUP BY d.id, d.name, d.district, d.credit_grade ORDER BY d.name, d.id";
        return Queries.query(dataSource, sql, ps -> {
            ps.setTimestamp(1, ts(range.from(), MIN));
            ps.setTimestamp(2, ts(range.to(), MAX));
            if (district != null) {
                ps.setString(3, district);
            }
        }, rs -> {
            double median = rs.getDouble(9);
            BigDecimal m = rs.wasNull() ? null : BigDecimal.valueOf(median).setScale(1, java.math.RoundingMode.HALF_UP);
            return new DealerRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4),
                    rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), m, rs.getString(10));
        });
    }

    /** Trade-ins completed per bucket (China time), by completion time; only the buckets that hold one. */
    public List<Point> completedSeries(Interval interval, TimeRange range, String district) {
        String bucket = "date_trunc('" + interval.sqlUnit() + "', t.completed_at AT TIME ZONE 'Asia/Shanghai') "
                + "AT TIME ZONE 'Asia/Shanghai'";
        String sql = "SELECT " + bucket + " AS b, count(*) FROM trade_ins t"
                + (district == null ? "" : " JOIN dealers d ON d.id = t.dealer_id AND d.district = ?")
                + " WHERE t.completed_at >= ? AND t.completed_at < ? GROUP BY b ORDER BY b";
        return Queries.query(dataSource, sql, ps -> {
            int i = 1;
            if (district != null) {
                ps.setString(i++, district);
            }
            ps.setTimestamp(i++, ts(range.from(), MIN));
            ps.setTimestamp(i, ts(range.to(), MAX));
        }, rs -> new Point(rs.getTimestamp(1).toInstant(), rs.getLong(2)));
    }

    /** Cancelled trade-ins drop out of the steps after opening: what the funnel shows is what went on. */
    public Map<String, Long> funnel(String district) {
        String sql = "SELECT count(*), count(*) FILTER (WHERE t.recycled_at IS NOT NULL AND t.status <> 'CANCELLED'), "
                + "count(*) FILTER (WHERE t.new_vehicle_id IS NOT NULL AND t.status <> 'CANCELLED'), "
                + "count(*) FILTER (WHERE t.status = 'COMPLETED') FROM trade_ins t"
                + (district == null ? "" : " JOIN dealers d ON d.id = t.dealer_id AND d.district = ?");
        return Queries.query(dataSource, sql, ps -> {
            if (district != null) {
                ps.setString(1, district);
            }
        }, rs -> {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("tradeInsOpened", rs.getLong(1));
            m.put("recycled", rs.getLong(2));
            m.put("newVehicleRecorded", rs.getLong(3));
            m.put("completed", rs.getLong(4));
            return m;
        }).get(0);
    }


    private static Timestamp ts(Instant t, Instant fallback) {
        return Timestamp.from(t == null ? fallback : t);
    }
}
