package cn.ebike.registration.support;

import cn.ebike.common.validation.IdNumber;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Valid (and deliberately invalid) Chinese identifiers for tests, random enough not to collide. */
public final class TestData {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

    private TestData() {
    }

    public static String idNumber(String region, LocalDate birth, int sequence) {
        String first17 = region + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", sequence);
        return first17 + IdNumber.checkCharacter(first17);
    }

    public static String idNumber() {
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(RANDOM.nextInt(365 * 50));
        return idNumber("330105", birth, RANDOM.nextInt(1000));
    }

    /** Same first 17 characters, wrong check character. */
    public static String withWrongCheckCharacter(String idNumber) {
        char right = idNumber.charAt(17);
        char wrong = right == '0' ? '1' : '0';
        return idNumber.substring(0, 17) + wrong;
    }

    public static String phone() {
        return "13" + digits(9);
    }

    /** A 15-digit GB 17761 frame number: maker, type 2, year, serial. */
    public static String compliantFrame() {
        return digits(4) + "2" + "24" + digits(8);
    }

    /** A 17-character frame number (letters and digits without I, O, Q). */
    public static String filedFrame() {
        StringBuilder s = new StringBuilder(17);
        for (int i = 0; i < 17; i++) {
            s.append(VIN_ALPHABET.charAt(RANDOM.nextInt(VIN_ALPHABET.length())));
        }
        return s.toString();
    }

    public static String ccc() {
        return digits(16);
    }

    /** A plate number in the legacy form accepted by the import (not the service's own 浙A + 6 digits). */
    public static String legacyPlate() {
        return "\u6d59B" + (char) ('A' + RANDOM.nextInt(20)) + digits(5);
    }

    public static String digits(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + RANDOM.nextInt(10)));
        }
        return s.toString();
    }
}
