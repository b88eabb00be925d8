package cn.ebike.common.figures;

import cn.ebike.common.validation.ChinaTime;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A figure's range split for a counter table kept per China calendar day or month (a rollup): the whole
 * buckets {@code [first, end)} the rollup answers, and the partial buckets at the range's edges (at most two
 * half-open ranges) that a service counts from its records. Together they count every record of the range
 * exactly once. An open side is {@link #MIN}/{@link #MAX} and has no edge.
 */
public record RollupSplit(LocalDate first, LocalDate end, List<TimeRange> edges) {

    public static final LocalDate MIN = LocalDate.of(1900, 1, 1);
    public static final LocalDate MAX = LocalDate.of(9999, 1, 1);

    /** {@code unit} is {@link Interval#DAY} or {@link Interval#MONTH}. */
    public static RollupSplit of(TimeRange range, Interval unit) {
        if (unit != Interval.DAY && unit != Interval.MONTH) {
            throw new IllegalArgumentException("a rollup is kept per day or per month, not per " + unit.sqlUnit());
        }
        Instant from = range.from();
        Instant to = range.to();
        Instant lo = from == null ? null : ceil(from, unit);
        Instant hi = to == null ? null : unit.start(to);
        if (lo != null && hi != null && !lo.isBefore(hi)) {
            // inside one bucket (or two partial ones): nothing whole, the range itself is the edge
            return new RollupSplit(MIN, MIN, List.of(range));
        }
        List<TimeRange> edges = new ArrayList<>(2);
        if (lo != null && from.isBefore(lo)) {
            edges.add(new TimeRange(from, lo));
        }
        if (hi != null && hi.isBefore(to)) {
            edges.add(new TimeRange(hi, to));
        }
        return new RollupSplit(lo == null ? MIN : date(lo), hi == null ? MAX : date(hi), List.copyOf(edges));
    }

    /**
     * The SQL condition "the column is in one of the two edges": four parameters, bound by {@link #bindEdges}.
     * An absent edge is an empty range, so the condition is always the same shape.
     */
    public static String inEdges(String column) {
        return "((%1$s >= ? AND %1$s < ?) OR (%1$s >= ? AND %1$s < ?))".formatted(column);
    }

    /** Binds the four parameters of {@link #inEdges} from {@code index}; answers the next index. */
    public int bindEdges(PreparedStatement ps, int index) throws SQLException {
        int i = index;
        for (int e = 0; e < 2; e++) {
            ps.setTimestamp(i++, Timestamp.from(edge(e).from()));
            ps.setTimestamp(i++, Timestamp.from(edge(e).to()));
        }
        return i;
    }

    /** The edge at {@code index} (0 or 1), or an empty range (1900-01-01 to itself) when there is none. */
    public TimeRange edge(int index) {
        if (index < edges.size()) {
            return edges.get(index);
        }
        Instant none = MIN.atStartOfDay(ChinaTime.ZONE).toInstant();
        return new TimeRange(none, none);
    }

    private static Instant ceil(Instant t, Interval unit) {
        Instant s = unit.start(t);
        return s.equals(t) ? s : unit.next(s);
    }

    private static LocalDate date(Instant t) {
        return LocalDate.ofInstant(t, ChinaTime.ZONE);
    }
}
