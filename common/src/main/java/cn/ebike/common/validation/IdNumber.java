package cn.ebike.common.validation;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Resident ID number (居民身份证号码, GB 11643): 6-digit region, 8-digit birth date, 3-digit sequence and
 * a check character computed with ISO 7064 MOD 11-2 over the first 17 digits.
 */
public final class IdNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);

    private IdNumber() {
    }

    /** Trimmed, with a lower-case check character {@code x} accepted as {@code X}. */
    public static String normalise(String raw) {
        return raw == null ? null : raw.trim().toUpperCase(Locale.ROOT);
    }

    /** @return why {@code value} (normalised) is not a valid ID number, or {@code null} when it is */
    public static String problem(String value, LocalDate today) {
        if (value == null || value.length() != 18 || !digits(value, 0, 17)
                || !(digits(value, 17, 18) || value.charAt(17) == 'X')) {
            return "must be 18 characters: 17 digits and a check character (0-9 or X)";
        }
        LocalDate birth;
        try {
            birth = LocalDate.of(Integer.parseInt(value.substring(6, 10)), Integer.parseInt(value.substring(10, 12)),
                    Integer.parseInt(value.substring(12, 14)));
        } catch (DateTimeException e) {
            return "birth date (characters 7-14) is not a real date";
        }
        if (birth.isAfter(today)) {
            return "birth date (characters 7-14) is in the future";
        }
        if (birth.isBefore(EARLIEST_BIRTH)) {
            return "birth date (characters 7-14) is before 1900";
        }
        if (checkCharacter(value.substring(0, 17)) != value.charAt(17)) {
            return "check character does not match (ISO 7064 MOD 11-2)";
        }
        return null;
    }

    /** ISO 7064 MOD 11-2 check character of the first 17 digits. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    public static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
