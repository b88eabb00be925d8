package cn.ebike.common.validation;

import java.util.Locale;

/**
 * Frame number (整车编码 / 车架号). A GB 17761-2018 compliant e-bike carries the 15-digit code: 4-digit
 * maker code, vehicle type digit {@code 2} (electric bicycle), 2-digit year, 8-digit serial. Filed
 * non-standard bikes may instead carry a 17-character code of digits and capital letters without
 * I, O and Q (as vehicle identification numbers do).
 */
public final class FrameNumber {

    public static final String COMPLIANT_RULE =
            "must be the 15-digit GB 17761 code: 4-digit maker, vehicle type 2, 2-digit year, 8-digit serial";
    public static final String FILED_RULE =
            "must be a 15-digit GB 17761 code or 17 capital letters and digits without I, O, Q";

    private FrameNumber() {
    }

    /** Trimmed and upper-cased. */
    public static String normalise(String raw) {
        return raw == null ? null : raw.trim().toUpperCase(Locale.ROOT);
    }

    public static boolean isGb17761(String value) {
        return value != null && value.length() == 15 && IdNumber.digits(value, 0, 15) && value.charAt(4) == '2';
    }

    public static boolean isSeventeenCharacterCode(String value) {
        if (value == null || value.length() != 17) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            char c = value.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'Q');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** @return why {@code value} cannot be the frame number of a compliant bike, or {@code null} */
    public static String problemForCompliant(String value) {
        return isGb17761(value) ? null : COMPLIANT_RULE;
    }

    /** @return why {@code value} cannot be the frame number of a filed non-standard bike, or {@code null} */
    public static String problemForFiled(String value) {
        return isGb17761(value) || isSeventeenCharacterCode(value) ? null : FILED_RULE;
    }
}
