package cn.ebike.common.validation;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Valid (and deliberately invalid) identifiers for these tests, random enough not to collide. */
final class TestIdentifiers {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

    private TestIdentifiers() {
    }

    static String idNumber(String region, LocalDate birth, int sequence) {
        String first17 = region + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", sequence);
        return first17 + IdNumber.checkCharacter(first17);
    }

    static String idNumber() {
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(RANDOM.nextInt(365 * 50));
        return idNumber("330105", birth, RANDOM.nextInt(1000));
    }

    static String withWrongCheckCharacter(String idNumber) {
        char right = idNumber.charAt(17);
        char wrong = right == '0' ? '1' : '0';
        return idNumber.substring(0, 17) + wrong;
    }

    static String phone() {
        return "13" + digits(9);
    }

    static String filedFrame() {
        StringBuilder s = new StringBuilder(17);
        for (int i = 0; i < 17; i++) {
            s.append(VIN_ALPHABET.charAt(RANDOM.nextInt(VIN_ALPHABET.length())));
        }
        return s.toString();
    }

    static String ccc() {
        return digits(16);
    }

    static String digits(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + RANDOM.nextInt(10)));
        }
        return s.toString();
    }
}
