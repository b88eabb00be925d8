package cn.ebike.registration.pii;

import cn.ebike.registration.RegistrationConfig;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption and keyed hashing of personal data.
 * <ul>
 * <li>{@link #encrypt}: AES-256-GCM with a random 96-bit IV per value; stored as
 * {@code version(1) | iv(12) | ciphertext+tag}; the field name is the associated data, so a
 * ciphertext copied into another column does not decrypt.</li>
 * <li>{@link #hash}: HMAC-SHA256 under a separate key, for equality look-up and unique constraints
 * (a plain hash of an 18-digit ID number could be brute-forced; a keyed one cannot without the key).</li>
 * </ul>
 * Cipher and Mac instances are per thread: the bulk import encrypts hundreds of thousands of values.
 */
@Singleton
public class PiiCrypto {

    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec hmacKey;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> newInstance("AES/GCM/NoPadding"));
    private final ThreadLocal<Mac> macs;

    @Inject
    public PiiCrypto(RegistrationConfig config) {
        this(decodeKey(config.pii().encryptionKey(), "PII_ENCRYPTION_KEY"),
                decodeKey(config.pii().hmacKey(), "PII_HMAC_KEY"));
    }

    public PiiCrypto(byte[] encryptionKey, byte[] hmacKey) {
        if (java.util.Arrays.equals(encryptionKey, hmacKey)) {
            throw new IllegalStateException("PII_ENCRYPTION_KEY and PII_HMAC_KEY must be different keys.");
        }
        this.encryptionKey = new SecretKeySpec(encryptionKey, "AES");
        this.hmacKey = new SecretKeySpec(hmacKey, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(this.hmacKey);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    static byte[] decodeKey(Optional<String> value, String variable) {
        String base64 = value.map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(() -> new IllegalStateException(
                variable + " is not set: registration-service needs it to protect personal data. "
                        + "Set it to the base64 of 32 random bytes (e.g. `openssl rand -base64 32`)."));
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + " is not valid base64 (expected the base64 of 32 random bytes).");
        }
        if (key.length != 32) {
            throw new IllegalStateException(variable + " must be the base64 of exactly 32 bytes (found "
                    + key.length + " bytes).");
        }
        return key;
    }

    public byte[] encrypt(String field, String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(field.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(VERSION).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String field, byte[] stored) {
        if (stored == null || stored.length < 1 + IV_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
            throw new IllegalStateException("unreadable encrypted " + field);
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, stored, 1, IV_BYTES));
            cipher.updateAAD(field.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(stored, 1 + IV_BYTES, stored.length - 1 - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt " + field + " (wrong PII_ENCRYPTION_KEY?)", e);
        }
    }

    /** Keyed hash of a normalised value; {@code field} separates the domains (ID numbers vs phones). */
    public byte[] hash(String field, String normalised) {
        Mac mac = macs.get();
        mac.update(field.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8));
    }

    private static Cipher newInstance(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transformation + " unavailable", e);
        }
    }
}
