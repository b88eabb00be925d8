package cn.ebike.registration.identifier;

import java.time.LocalDate;
import java.time.ZoneId;

/** Shared facts for identifier rules. */
public final class Identifiers {

    /** Dates on Chinese documents (birth dates, filing dates) are China Standard Time dates. */
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private Identifiers() {
    }

    public static LocalDate todayInChina() {
        return LocalDate.now(CHINA);
    }
}
