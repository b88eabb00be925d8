package cn.ebike.tradein.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Server time at PostgreSQL's precision, so a value returned now equals the value read back later. */
public final class Times {

    private Times() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
