package cn.ebike.registration.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Server time at the precision PostgreSQL stores, so an answer shows the same instant a later read does. */
public final class Times {

    private Times() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
