package cn.ebike.tradein.figures;

import cn.ebike.common.figures.Queries;
import cn.ebike.common.figures.Interval;
import cn.ebike.common.figures.RollupSplit;
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
 * aggregate statement. A range filters on the time of the step counted: completions by {@code completed_at},
 * openings by {@code opened_at}. Completion by district, the completed series and the dealer table read the
 * counters that V19_1's triggers keep in the trade-in's own transaction (whole China days or months) and count
 * only the partial days or months at a range's edges from trade_ins, so an answer reads a few thousand rows,
 * not every trade-in (plans in the README, "Figures benchmark").
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
        RollupSplit days = RollupSplit.of(range, Interval.DAY);
        // whole China days from the rollup, the partial days at the edges from trade_ins (V19_1)
        String sql = "SELECT district, sum(completed), sum(recycled) FROM ("
                + "SELECT district, completed, recycled FROM trade_in_district_days WHERE day >= ? AND day < ? "
                + "UNION ALL SELECT d.district, 1, 0 FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id "
                + "WHERE " + RollupSplit.inEdges("t.completed_at") + " "
                + "UNION ALL SELECT d.district, 0, 1 FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id "
                + "WHERE t.status <> 'CANCELLED' AND " + RollupSplit.inEdges("t.recycled_at")
                // a district whose trade-ins counted nothing yet still has its row of zeros
                + " UNION ALL SELECT d.district, 0, 0 FROM dealers d "
                + "WHERE EXISTS (SELECT 1 FROM trade_ins t WHERE t.dealer_id = d.id)"
                + ") x GROUP BY district ORDER BY district";
        return Queries.query(dataSource, sql, ps -> {
            ps.setObject(1, days.first());
            ps.setObject(2, days.end());
            int i = days.bindEdges(ps, 3);
            days.bindEdges(ps, i);
        }, rs -> new DistrictRow(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    /**
     * Every dealer (also those without trade-ins): trade-ins opened in the range, how many of those are open,
     * completed, cancelled, recycled, the median hours from opening to completion of the completed ones, and the
     * dealer's credit grade (supervision; null before its first grading). The counts come from the monthly
     * rollup (whole China months) and trade_ins (the partial months at the edges); the median stays exact: with
     * n completed, the middle one or two of the dealer's completed trade-ins in order of duration (index
     * trade_ins_figures_duration), interpolated as percentile_cont(0.5) does.
     */
    public List<DealerRow> byDealer(TimeRange range, String district) {
        return byDealer(range, district, true);
    }

    /** As {@link #byDealer(TimeRange, String)}; without {@code median} the median is null and not computed. */
    public List<DealerRow> byDealer(TimeRange range, String district, boolean median) {
        RollupSplit months = RollupSplit.of(range, Interval.MONTH);
        String sql = "WITH c AS (SELECT dealer_id, sum(opened)::bigint AS opened, sum(open)::bigint AS open, "
                + "sum(completed)::bigint AS completed, sum(cancelled)::bigint AS cancelled, sum(recycled)::bigint AS recycled FROM ("
                + "SELECT dealer_id, opened, open, completed, cancelled, recycled FROM trade_in_dealer_months "
                + "WHERE month >= ? AND month < ? "
                + "UNION ALL SELECT dealer_id, 1, (status = 'OPEN')::int, (status = 'COMPLETED')::int, "
                + "(status = 'CANCELLED')::int, (status <> 'CANCELLED' AND recycled_at IS NOT NULL)::int "
                + "FROM trade_ins WHERE " + RollupSplit.inEdges("opened_at") + ") x GROUP BY dealer_id) "
                + "SELECT d.id, d.name, d.district, coalesce(c.opened, 0), coalesce(c.open, 0), "
                + "coalesce(c.completed, 0), coalesce(c.cancelled, 0), coalesce(c.recycled, 0), m.hours, d.credit_grade "
                + "FROM dealers d LEFT JOIN c ON c.dealer_id = d.id "
                + "LEFT JOIN LATERAL (SELECT min(h) + (max(h) - min(h)) * 0.5 AS hours FROM ("
                + "SELECT (extract(epoch FROM t.completed_at - t.opened_at) / 3600.0)::float8 AS h FROM trade_ins t "
                + "WHERE t.dealer_id = d.id AND t.status = 'COMPLETED' AND t.opened_at >= ? AND t.opened_at < ? "
                + "ORDER BY t.completed_at - t.opened_at OFFSET (c.completed - 1) / 2 LIMIT 2 - c.completed % 2) s"
                + ") m ON c.completed > 0 AND ? "
                + (district == null ? "" : "WHERE d.district = ? ")
                + "ORDER BY d.name, d.id";
        return Queries.query(dataSource, sql, ps -> {
            ps.setObject(1, months.first());
            ps.setObject(2, months.end());
            int i = months.bindEdges(ps, 3);
            ps.setTimestamp(i++, ts(range.from(), MIN));
            ps.setTimestamp(i++, ts(range.to(), MAX));
            ps.setBoolean(i++, median);
            if (district != null) {
                ps.setString(i, district);
            }
        }, rs -> {
            double hours = rs.getDouble(9);
            BigDecimal m = rs.wasNull() ? null : BigDecimal.valueOf(hours).setScale(1, java.math.RoundingMode.HALF_UP);
            return new DealerRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4),
                    rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), m, rs.getString(10));
        });
    }

    /**
     * Trade-ins completed per bucket (China time), by completion time; only the buckets that hold one. Days, weeks
     * and months are summed from the daily rollup (plus the partial days at the edges); hours from trade_ins.
     */
    public List<Point> completedSeries(Interval interval, TimeRange range, String district) {
        String unit = interval.sqlUnit();
        if (interval == Interval.HOUR) {
            String sql = "SELECT date_trunc('hour', t.completed_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE "
                    + "'Asia/Shanghai' AS b, count(*) FROM trade_ins t"
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
        RollupSplit days = RollupSplit.of(range, Interval.DAY);
        String sql = "SELECT b, sum(n) FROM ("
                + "SELECT date_trunc('" + unit + "', day::timestamp) AT TIME ZONE 'Asia/Shanghai' AS b, completed AS n "
                + "FROM trade_in_district_days WHERE day >= ? AND day < ?" + (district == null ? "" : " AND district = ?")
                + " UNION ALL SELECT date_trunc('" + unit + "', t.completed_at AT TIME ZONE 'Asia/Shanghai') "
                + "AT TIME ZONE 'Asia/Shanghai', 1 FROM trade_ins t"
                + (district == null ? "" : " JOIN dealers d ON d.id = t.dealer_id AND d.district = ?")
                + " WHERE " + RollupSplit.inEdges("t.completed_at")
                + ") x GROUP BY b HAVING sum(n) > 0 ORDER BY b";
        return Queries.query(dataSource, sql, ps -> {
            int i = 1;
            ps.setObject(i++, days.first());
            ps.setObject(i++, days.end());
            if (district != null) {
                ps.setString(i++, district);
                ps.setString(i++, district);
            }
            days.bindEdges(ps, i);
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
