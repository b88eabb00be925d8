package cn.ebike.common.validation;

import java.time.LocalDate;
import java.time.ZoneId;

/** Dates on Chinese documents (birth dates, filing dates) are China Standard Time dates. */
public final class ChinaTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private ChinaTime() {
    }

    public static LocalDate today() {
        return LocalDate.now(ZONE);
    }
}
