package cn.ebike.registration.particulars;

import java.security.SecureRandom;

/**
 * Registration codes printed with the plate: {@code EB} + 20 characters of Crockford base32 (no I, L,
 * O, U: readable aloud and on paper) = 100 random bits from {@link SecureRandom}, so codes cannot be
 * guessed or enumerated. Uniqueness is also enforced by a unique constraint.
 */
public final class RegistrationCodes {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String PREFIX = "EB";
    public static final int RANDOM_CHARS = 20;

    private RegistrationCodes() {
    }

    public static String next() {
        byte[] bytes = new byte[RANDOM_CHARS];
        RANDOM.nextBytes(bytes);
        char[] code = new char[PREFIX.length() + RANDOM_CHARS];
        PREFIX.getChars(0, PREFIX.length(), code, 0);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            code[PREFIX.length() + i] = ALPHABET[bytes[i] & 31];
        }
        return new String(code);
    }
}
