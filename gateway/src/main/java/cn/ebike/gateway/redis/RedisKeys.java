package cn.ebike.gateway.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Every key the gateway writes starts with {@code gateway:}; personal data appears only hashed. */
public final class RedisKeys {

    public static final String PREFIX = "gateway:";

    private RedisKeys() {
    }

    public static String key(String... parts) {
        return PREFIX + String.join(":", parts);
    }

    public static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
