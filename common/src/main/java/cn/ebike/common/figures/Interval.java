package cn.ebike.common.figures;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.validation.ChinaTime;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The time buckets of the regulators' figures, in China Standard Time: an hour, a day, a week (Monday to
 * Sunday) or a calendar month. PostgreSQL truncates with the same unit names ({@link #sqlUnit()}), so a
 * service's {@code date_trunc(unit, t AT TIME ZONE 'Asia/Shanghai')} lands on exactly {@link #start(Instant)}.
 */
public enum Interval {
    HOUR, DAY, WEEK, MONTH;

    /** At most this many buckets in one answer. */
    public static final int MAX_BUCKETS = 2000;

    public static Interval parse(String raw, String field, Interval fallback, Interval... allowed) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        for (Interval i : allowed) {
            if (i.name().equalsIgnoreCase(raw.trim())) {
                return i;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Interval i : allowed) {
            names.append(names.isEmpty() ? "" : ", ").append(i.sqlUnit());
        }
        throw ApiException.invalid(field, "must be one of " + names);
    }

    public String sqlUnit() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The start of the bucket that holds {@code t}. */
    public Instant start(Instant t) {
        ZonedDateTime z = t.atZone(ChinaTime.ZONE);
        ZonedDateTime s = switch (this) {
            case HOUR -> z.truncatedTo(ChronoUnit.HOURS);
            case DAY -> z.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> z.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> z.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
        };
        return s.toInstant();
    }

    public Instant next(Instant bucketStart) {
        ZonedDateTime z = bucketStart.atZone(ChinaTime.ZONE);
        ZonedDateTime n = switch (this) {
            case HOUR -> z.plusHours(1);
            case DAY -> z.plusDays(1);
            case WEEK -> z.plusWeeks(1);
            case MONTH -> z.plusMonths(1);
        };
        return n.toInstant();
    }

    /** Every bucket start from the one holding {@code from} up to (excluding) {@code to}. */
    public List<Instant> buckets(Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        for (Instant t = start(from); t.isBefore(to); t = next(t)) {
            if (out.size() == MAX_BUCKETS) {
                throw ApiException.invalid("from", "the range holds more than " + MAX_BUCKETS + " " + sqlUnit()
                        + " intervals; narrow it or choose a longer interval");
            }
            out.add(t);
        }
        return out;
    }
}
