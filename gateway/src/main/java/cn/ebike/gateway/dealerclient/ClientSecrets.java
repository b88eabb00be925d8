package cn.ebike.gateway.dealerclient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Client ids and secrets. A secret is 256 random bits (SecureRandom), so a plain SHA-256 digest is
 * enough to store it: bcrypt's deliberate slowness protects guessable passwords, and would only make
 * every token request cost ~0.25 s here. The {@code dcs_} prefix lets secret scanners recognise a
 * leaked one.
 */
final class ClientSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private ClientSecrets() {
    }

    static String newClientId() {
        StringBuilder sb = new StringBuilder("dc_");
        for (int i = 0; i < 20; i++) {
            sb.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        return sb.toString();
    }

    static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "dcs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String digest(String secret) {
        return HexFormat.of().formatHex(digestBytes(secret));
    }

    static byte[] digestBytes(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest((secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a presented secret with a stored digest. */
    static boolean matches(String presented, String storedDigest) {
        return MessageDigest.isEqual(digestBytes(presented), HexFormat.of().parseHex(storedDigest));
    }
}
