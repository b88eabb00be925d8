package cn.ebike.subsidy.common;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Strict parsing of path and query parameters (never a 500, never a silent default). */
public final class Params {

    private Params() {
    }

    /** A path id that is not a UUID names no object: 404, as for any unknown id. */
    public static UUID pathId(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.notFound(what);
        }
    }

    public static Optional<UUID> queryUuid(String value, String name) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value.trim()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name, "must be a UUID");
        }
    }

    public static <E extends Enum<E>> Optional<E> queryEnum(String value, Class<E> type, String name) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
