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

    /** The dealer's median kept in trade_in_dealer_medians is that of its current version (V19_2). */
    private static final String KNOWN = "coalesce(k.known_version = k.version, false)";

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

    /**
     * As {@link #byDealer(TimeRange, String)}; without {@code median} the median is null and not computed. Over an
     * open range (all trade-ins) a dealer's median is the one kept in trade_in_dealer_medians while its version is
     * the dealer's (V19_2: raised in every transaction that changes a completed trade-in of the dealer); the others
     * are computed from the index in the same statement and written back ({@link #keepMedians}).
     */
    public List<DealerRow> byDealer(TimeRange range, String district, boolean median) {
        RollupSplit months = RollupSplit.of(range, Interval.MONTH);
        boolean all = range.from() == null && range.to() == null;
        // the middle one or two of the dealer's completed trade-ins in order of duration; hours computed only for them
        String walk = "SELECT min(h) + (max(h) - min(h)) * 0.5 AS hours FROM ("
                + "SELECT (extract(epoch FROM dur) / 3600.0)::float8 AS h FROM ("
                + "SELECT t.completed_at - t.opened_at AS dur FROM trade_ins t "
                + "WHERE t.dealer_id = d.id AND t.status = 'COMPLETED' "
                + (all ? "" : "AND t.opened_at >= ? AND t.opened_at < ? ")
                // conditions on the dealer's row only: a one-time filter, the index is not read when false
                + "AND c.completed > 0 AND ? " + (all ? "AND NOT " + KNOWN + " " : "")
                + "ORDER BY t.completed_at - t.opened_at OFFSET (c.completed - 1) / 2 LIMIT 2 - c.completed % 2) s0) s";
        String sql = "WITH c AS (SELECT dealer_id, sum(opened)::bigint AS opened, sum(open)::bigint AS open, "
                + "sum(completed)::bigint AS completed, sum(cancelled)::bigint AS cancelled, sum(recycled)::bigint AS recycled FROM ("
                + "SELECT dealer_id, opened, open, completed, cancelled, recycled FROM trade_in_dealer_months "
                + "WHERE month >= ? AND month < ? "
                + "UNION ALL SELECT dealer_id, 1, (status = 'OPEN')::int, (status = 'COMPLETED')::int, "
                + "(status = 'CANCELLED')::int, (status <> 'CANCELLED' AND recycled_at IS NOT NULL)::int "
                + "FROM trade_ins WHERE " + RollupSplit.inEdges("opened_at") + ") x GROUP BY dealer_id) "
                + "SELECT d.id, d.name, d.district, coalesce(c.opened, 0), coalesce(c.open, 0), "
                + "coalesce(c.completed, 0), coalesce(c.cancelled, 0), coalesce(c.recycled, 0), "
                + (all ? "CASE WHEN " + KNOWN + " THEN k.hours ELSE m.hours END, d.credit_grade, k.version, NOT " + KNOWN + " "
                        : "m.hours, d.credit_grade, NULL::bigint, false ")
                + "FROM dealers d LEFT JOIN c ON c.dealer_id = d.id "
                + (all ? "LEFT JOIN trade_in_dealer_medians k ON k.dealer_id = d.id " : "")
                + "LEFT JOIN LATERAL (" + walk + ") m ON true "
                + (district == null ? "" : "WHERE d.district = ? ")
                + "ORDER BY d.name, d.id";
        Map<UUID, Computed> computed = new LinkedHashMap<>();
        List<DealerRow> rows = Queries.query(dataSource, sql, ps -> {
            ps.setObject(1, months.first());
            ps.setObject(2, months.end());
            int i = months.bindEdges(ps, 3);
            if (!all) {
                ps.setTimestamp(i++, ts(range.from(), MIN));
                ps.setTimestamp(i++, ts(range.to(), MAX));
            }
            ps.setBoolean(i++, median);
            if (district != null) {
                ps.setString(i, district);
            }
        }, rs -> {
            double hours = rs.getDouble(9);
            boolean none = rs.wasNull() || !median; // a kept median is not shown when none was asked for
            BigDecimal m = none ? null : BigDecimal.valueOf(hours).setScale(1, java.math.RoundingMode.HALF_UP);
            UUID id = rs.getObject(1, UUID.class);
            long version = rs.getLong(11);
            if (median && !rs.wasNull() && rs.getBoolean(12)) {
                computed.put(id, new Computed(version, none ? null : hours));
            }
            return new DealerRow(id, rs.getString(2), rs.getString(3), rs.getLong(4),
                    rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), m, rs.getString(10));
        });
        if (!computed.isEmpty()) {
            keepMedians(computed);
        }
        return rows;
    }

    /** A median computed in the dealer statement (null: no completed trade-in) at the dealer's version then. */
    private record Computed(long version, Double hours) {
    }

    /**
     * Writes back medians computed at a version, where the dealer's version is still that one (a completion
     * committed since raised it: its median is computed again next time). Rows another transaction holds are
     * skipped, so a reader never waits for a writer. A failure only means computing again next time.
     */
    private void keepMedians(Map<UUID, Computed> computed) {
        String sql = "UPDATE trade_in_dealer_medians m SET known_version = v.version, hours = v.hours "
                + "FROM unnest(?::uuid[], ?::bigint[], ?::float8[]) AS v(dealer_id, version, hours) "
                + "WHERE m.dealer_id = v.dealer_id AND m.version = v.version AND m.dealer_id IN ("
                + "SELECT dealer_id FROM trade_in_dealer_medians WHERE dealer_id = ANY(?::uuid[]) "
                + "ORDER BY dealer_id FOR UPDATE SKIP LOCKED)";
        try (java.sql.Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            UUID[] ids = computed.keySet().toArray(new UUID[0]);
            Long[] v = new Long[ids.length];
            Double[] h = new Double[ids.length];
            for (int i = 0; i < ids.length; i++) {
                v[i] = computed.get(ids[i]).version();
                h[i] = computed.get(ids[i]).hours();
            }
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("bigint", v));
            ps.setArray(3, c.createArrayOf("float8", h));
            ps.setArray(4, c.createArrayOf("uuid", ids));
            ps.executeUpdate();
        } catch (SQLException e) {
            org.jboss.logging.Logger.getLogger(TradeInFigures.class).warnf(
                    "figures: could not keep %d dealers' medians (computed again next time): %s", computed.size(), e);
        }
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
