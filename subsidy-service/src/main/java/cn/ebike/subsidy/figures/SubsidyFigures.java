package cn.ebike.subsidy.figures;

import cn.ebike.common.figures.Queries;
import cn.ebike.common.figures.Interval;
import cn.ebike.common.figures.TimeRange;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * subsidy's part of the regulators' figures: grants (every subsidy that is not a rejection: it holds a slot of
 * its phase's quota whatever its payout does), payouts, per bucket, per dealer, and each phase's burn-down.
 * A grant counts in its campaign's district.
 */
@ApplicationScoped
public class SubsidyFigures {

    public record Point(Instant t, long value) {
    }

    public record BurnPoint(Instant t, long granted, long remaining) {
    }

    public record PhaseBurndown(UUID phaseId, String name, long amountFen, long quota, Instant startsAt,
            Instant endsAt, List<BurnPoint> points) {
    }

    public record DealerRow(UUID dealerId, long granted, long paid, long grantedFen) {
    }

    private static final Instant MIN = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-01-01T00:00:00Z");

    private final DataSource dataSource;

    public SubsidyFigures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Point> series(String metric, Interval interval, TimeRange range, String district) {
        String column = "subsidiesGranted".equals(metric) ? "s.granted_at" : "s.paid_at";
        String value = "fenPaid".equals(metric) ? "coalesce(sum(s.amount_fen), 0)" : "count(*)";
        String where = "subsidiesGranted".equals(metric) ? "s.status <> 'REJECTED'" : "s.status = 'PAID'";
        String bucket = "date_trunc('" + interval.sqlUnit() + "', " + column + " AT TIME ZONE 'Asia/Shanghai') "
                + "AT TIME ZONE 'Asia/Shanghai'";
        String sql = "SELECT " + bucket + " AS b, " + value + " FROM subsidy s"
                + (district == null ? "" : " JOIN campaign c ON c.id = s.campaign_id AND c.district = ?")
                + " WHERE " + where + " AND " + column + " >= ? AND " + column + " < ? GROUP BY b ORDER BY b";
        return Queries.query(dataSource, sql, ps -> {
            int i = 1;
            if (district != null) {
                ps.setString(i++, district);
            }
            ps.setTimestamp(i++, ts(range.from(), MIN));
            ps.setTimestamp(i, ts(range.to(), MAX));
        }, rs -> new Point(rs.getTimestamp(1).toInstant(), rs.getLong(2)));
    }

    public Map<String, Long> funnel(UUID campaignId, String district) {
        String sql = "SELECT count(*) FILTER (WHERE s.status <> 'REJECTED'), count(*) FILTER (WHERE s.status = 'PAID') "
                + "FROM subsidy s" + (district == null ? "" : " JOIN campaign c ON c.id = s.campaign_id AND c.district = ?")
                + (campaignId == null ? "" : " WHERE s.campaign_id = ?");
        return Queries.query(dataSource, sql, ps -> {
            int i = 1;
            if (district != null) {
                ps.setString(i++, district);
            }
            if (campaignId != null) {
                ps.setObject(i, campaignId);
            }
        }, rs -> {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("granted", rs.getLong(1));
            m.put("paid", rs.getLong(2));
            return m;
        }).get(0);
    }

    /**
     * Per dealer with at least one grant: its grants, how many of them are paid, and the fen granted. Summed from
     * the append-only counter subsidy_dealer_counts (V19_1: one delta row per dealer and changing statement, kept
     * by triggers; {@link #compactDealerCounts()} folds them), not from the subsidy rows.
     */
    public List<DealerRow> dealers() {
        String sql = "SELECT dealer_id, sum(granted)::bigint, sum(paid)::bigint, sum(granted_fen)::bigint "
                + "FROM subsidy_dealer_counts GROUP BY dealer_id HAVING sum(granted) <> 0";
        return Queries.query(dataSource, sql, ps -> {
        }, rs -> new DealerRow(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
    }

    /**
     * Folds subsidy_dealer_counts' delta rows into one row per dealer (none for a dealer whose sums are all 0), in
     * one statement: the rows it deletes are those of its snapshot, so a delta committed meanwhile stays and a
     * reader sees either every delta or their sums. Writers only insert and never wait for it; two folds at once
     * (two instances) are kept apart by a transaction-scoped advisory lock (the second does nothing).
     *
     * @return the rows folded (0 when another instance was folding)
     */
    public int compactDealerCounts() {
        try (java.sql.Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (java.sql.Statement s = c.createStatement()) {
                int folded = 0;
                try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_xact_lock(hashtext('subsidy_dealer_counts'))")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        try (ResultSet n = s.executeQuery("WITH gone AS (DELETE FROM subsidy_dealer_counts "
                                + "RETURNING dealer_id, granted, paid, granted_fen), kept AS ("
                                + "INSERT INTO subsidy_dealer_counts (dealer_id, granted, paid, granted_fen) "
                                + "SELECT * FROM (SELECT dealer_id, sum(granted)::bigint AS granted, sum(paid)::bigint AS paid, "
                                + "sum(granted_fen)::bigint AS granted_fen FROM gone GROUP BY dealer_id) x "
                                + "WHERE granted <> 0 OR paid <> 0 OR granted_fen <> 0 RETURNING 1) "
                                + "SELECT (SELECT count(*) FROM gone)")) {
                            n.next();
                            folded = n.getInt(1);
                        }
                    }
                }
                c.commit();
                return folded;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fold subsidy_dealer_counts: " + e.getMessage(), e);
        }
    }

    /**
     * Per phase, in time order: one point per interval from the phase's start to its end (or now, if sooner;
     * or the last grant, if later),
     * each with the grants made up to the end of that interval and the quota left. Empty when the campaign is
     * unknown.
     */
    public Optional<List<PhaseBurndown>> burndown(UUID campaignId, Interval interval, Instant now) {
        record PhaseRow(UUID id, String name, long amountFen, long quota, Instant startsAt, Instant endsAt) {
        }
        List<PhaseRow> phases = Queries.query(dataSource, "SELECT p.id, p.name, p.amount_fen, p.quota, p.starts_at, p.ends_at FROM phase p "
                + "WHERE p.campaign_id = ? ORDER BY p.starts_at", ps -> ps.setObject(1, campaignId),
                rs -> new PhaseRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()));
        if (phases.isEmpty()) {
            boolean exists = !Queries.query(dataSource, "SELECT 1 FROM campaign WHERE id = ?", ps -> ps.setObject(1, campaignId),
                    rs -> 1).isEmpty();
            return exists ? Optional.of(List.of()) : Optional.empty();
        }
        List<PhaseBurndown> out = new ArrayList<>();
        String bucket = "date_trunc('" + interval.sqlUnit() + "', granted_at AT TIME ZONE 'Asia/Shanghai') "
                + "AT TIME ZONE 'Asia/Shanghai'";
        for (PhaseRow p : phases) {
            Map<Instant, Long> perBucket = new LinkedHashMap<>();
            for (Point pt : Queries.query(dataSource, "SELECT " + bucket + " AS b, count(*) FROM subsidy WHERE phase_id = ? "
                    + "AND status <> 'REJECTED' AND granted_at IS NOT NULL GROUP BY b ORDER BY b",
                    ps -> ps.setObject(1, p.id()), rs -> new Point(rs.getTimestamp(1).toInstant(), rs.getLong(2)))) {
                perBucket.put(pt.t(), pt.value());
            }
            Instant end = p.endsAt().isBefore(now) ? p.endsAt() : now;
            // a grant decided after the phase closed (a claim delivered late) still burns its quota: show it
            for (Instant t : perBucket.keySet()) {
                if (!t.isBefore(end)) {
                    end = interval.next(t);
                }
            }
            List<BurnPoint> points = new ArrayList<>();
            long granted = 0;
            // grants made before the phase's first bucket (none by the rules; counted if a clock was off)
            for (Map.Entry<Instant, Long> e : perBucket.entrySet()) {
                if (e.getKey().isBefore(interval.start(p.startsAt()))) {
                    granted += e.getValue();
                }
            }
            if (p.startsAt().isBefore(end)) {
                for (Instant t : interval.buckets(p.startsAt(), end)) {
                    granted += perBucket.getOrDefault(t, 0L);
                    points.add(new BurnPoint(t, granted, Math.max(0, p.quota() - granted)));
                }
            }
            out.add(new PhaseBurndown(p.id(), p.name(), p.amountFen(), p.quota(), p.startsAt(), p.endsAt(), points));
        }
        return Optional.of(out);
    }


    private static Timestamp ts(Instant t, Instant fallback) {
        return Timestamp.from(t == null ? fallback : t);
    }
}
