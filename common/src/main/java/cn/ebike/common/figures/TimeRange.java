package cn.ebike.common.figures;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.problem.FieldError;
import cn.ebike.common.validation.ChinaTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ?from=&to=} of the figures: a China date ({@code 2026-06-01}, meaning its midnight in China; {@code to}
 * as a date includes that whole day) or an RFC 3339 time. Half-open: {@code from <= t < to}. Either may be
 * absent: {@link #from()}/{@link #to()} are then null and a query leaves that side open.
 */
public record TimeRange(Instant from, Instant to) {

    public static TimeRange parse(String from, String to) {
        List<FieldError> errors = new ArrayList<>();
        Instant f = instant(from, false, "from", errors);
        Instant t = instant(to, true, "to", errors);
        if (errors.isEmpty() && f != null && t != null && !f.isBefore(t)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new TimeRange(f, t);
    }

    /** This range with open sides closed: {@code to} defaults to now, {@code from} to {@code to - days}. */
    public TimeRange orLast(int days, Instant now) {
        Instant t = to == null ? now : to;
        Instant f = from == null ? LocalDate.ofInstant(t, ChinaTime.ZONE).minusDays(days - 1L)
                .atStartOfDay(ChinaTime.ZONE).toInstant() : from;
        return new TimeRange(f, t);
    }

    private static Instant instant(String raw, boolean endOfDay, String field, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.trim();
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ChinaTime.ZONE).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date (2026-06-01, China time) or an RFC 3339 time"));
            return null;
        }
    }
}
