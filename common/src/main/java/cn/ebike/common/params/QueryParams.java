package cn.ebike.common.params;

import cn.ebike.common.ids.Ids;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.validation.HostileText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Optional query parameters parsed strictly: a malformed value is a 400 naming the parameter, never a silent default. */
public final class QueryParams {

    private QueryParams() {
    }

    public static Optional<UUID> uuid(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Ids.parse(value).orElseThrow(() -> ApiException.invalid(name, "must be a UUID")));
    }

    public static <E extends Enum<E>> Optional<E> enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    public static Optional<Boolean> bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return switch (value.trim()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw ApiException.invalid(name, "must be true or false");
        };
    }

    public static Optional<Instant> instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.trim()));
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, "must be an RFC 3339 time, e.g. 2026-06-01T08:00:00Z");
        }
    }

    /** A free-text filter (look-ups by frame or plate number, district): refused when hostile. */
    public static Optional<String> text(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String problem = HostileText.problem(value, false);
        if (problem != null) {
            throw ApiException.invalid(name, problem);
        }
        return Optional.of(value.trim());
    }
}
