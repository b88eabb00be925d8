package cn.ebike.common.crypto;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * Named AES-256 keys for {@link FieldCipher}: the current key seals, every key opens. Rotation: configure a new
 * current key under a new id and move the old one to the retired list; the service's background re-sealing
 * moves every value to the new key, after which the retired key can be dropped.
 */
public final class Keyring {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,16}");

    private final String currentId;
    private final Map<String, SecretKeySpec> keys;

    private Keyring(String currentId, Map<String, SecretKeySpec> keys) {
        this.currentId = currentId;
        this.keys = Map.copyOf(keys);
    }

    /**
     * @param variable the environment variable that holds the current key, named in every error message
     * @param currentBase64 base64 of 32 random bytes
     * @param currentId the current key's id (1 to 16 of {@code A-Za-z0-9_.-})
     * @param retired {@code id:base64,id:base64} of keys that only open (may be empty)
     */
    public static Keyring of(String variable, Optional<String> currentBase64, String currentId, Optional<String> retired) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        String id = checkId(variable + "_ID", currentId);
        keys.put(id, aesKey(variable, currentBase64.map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(
                () -> new IllegalStateException(variable + " is not set. Set it to the base64 of 32 random bytes "
                        + "(e.g. `openssl rand -base64 32`; './suite up' generates one in .run/secrets.env)."))));
        for (String entry : retired.map(String::trim).orElse("").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new IllegalStateException(variable + "_RETIRED must be a list of id:base64 (found '"
                        + entry.strip().replaceAll("(?<=.{3}).", "*") + "').");
            }
            String retiredId = checkId(variable + "_RETIRED", entry.substring(0, colon).trim());
            if (keys.containsKey(retiredId)) {
                throw new IllegalStateException(variable + "_RETIRED names key id '" + retiredId + "' twice or as the current key.");
            }
            keys.put(retiredId, aesKey(variable + "_RETIRED (" + retiredId + ")", entry.substring(colon + 1).trim()));
        }
        return new Keyring(id, keys);
    }

    /** A keyring of raw keys, the first being the current one (tests, tools). */
    public static Keyring ofRaw(String currentId, byte[] current, Map<String, byte[]> retired) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        keys.put(checkId("key id", currentId), new SecretKeySpec(current, "AES"));
        retired.forEach((id, raw) -> keys.put(checkId("key id", id), new SecretKeySpec(raw, "AES")));
        return new Keyring(currentId, keys);
    }

    /** Decodes the base64 of exactly 32 bytes; the message names the variable and never shows the value. */
    public static SecretKeySpec aesKey(String variable, String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + " is not valid base64 (expected the base64 of 32 random bytes).");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(variable + " must be the base64 of exactly 32 bytes (AES-256), found "
                    + raw.length + " bytes.");
        }
        return new SecretKeySpec(raw, "AES");
    }

    public String currentId() {
        return currentId;
    }

    SecretKeySpec current() {
        return keys.get(currentId);
    }

    Optional<SecretKeySpec> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    java.util.Collection<SecretKeySpec> all() {
        return keys.values();
    }

    /** The raw bytes of the key with this id, for deriving other keys from it. */
    public Optional<byte[]> keyBytes(String id) {
        return byId(id).map(SecretKeySpec::getEncoded);
    }

    /** The current key's raw bytes, for deriving other keys from it (e.g. a look-up hash key). */
    public byte[] currentKeyBytes() {
        return current().getEncoded();
    }

    private static String checkId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalStateException(what + " must be 1 to 16 of A-Z a-z 0-9 _ . - (a key id, not a key).");
        }
        return id;
    }
}
