package cn.ebike.common.ids;

import cn.ebike.common.problem.ApiException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

/**
 * Ids: new ones are time-ordered UUIDs (version 7, RFC 9562: 48-bit Unix milliseconds, a 12-bit counter
 * that keeps ids from one process increasing within a millisecond, 62 random bits). Ordering by id is
 * therefore "newest first" without another index, and inserts land at the right edge of the primary-key
 * B-tree. Ids are not secrets; parsing never throws.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static int counter;

    private Ids() {
    }

    public static UUID newId() {
        long millis;
        int sequence;
        synchronized (Ids.class) {
            long now = System.currentTimeMillis();
            if (now > lastMillis) {
                lastMillis = now;
                counter = RANDOM.nextInt(1 << 11);
            } else if (++counter >= 1 << 12) {
                lastMillis++;
                counter = 0;
            }
            millis = lastMillis;
            sequence = counter;
        }
        long high = (millis << 16) | 0x7000L | sequence;
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** The UUID in its canonical form, or empty (a malformed id is simply an unknown one). */
    public static Optional<UUID> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.trim();
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equalsIgnoreCase(value) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A path id: one that is not a UUID names no object, so it is the same 404 as an unknown one. */
    public static UUID pathId(String raw, String what) {
        return parse(raw).orElseThrow(() -> ApiException.notFound(what));
    }
}
