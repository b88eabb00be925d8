package cn.ebike.subsidy.wallet;

import cn.ebike.subsidy.config.SubsidyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for wallet ids at rest: a fresh 12-byte IV per value, stored as {@code iv || ciphertext+tag};
 * the owner id is the associated data, so a ciphertext copied onto another owner's row does not decrypt.
 */
@ApplicationScoped
public class WalletCrypto {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SubsidyConfig config;
    private volatile SecretKeySpec key;

    @jakarta.inject.Inject
    public WalletCrypto(SubsidyConfig config) {
        this.config = config;
    }

    /** With a fixed key (unit tests). */
    WalletCrypto(SecretKeySpec key) {
        this.config = null;
        this.key = key;
    }

    /** Decodes and checks WALLET_ENCRYPTION_KEY (base64 of 32 bytes); the message names the variable. */
    public static SecretKeySpec parseKey(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalStateException("WALLET_ENCRYPTION_KEY is not set: subsidy-service cannot store wallet ids. "
                    + "Set it to the base64 of 32 random bytes (e.g. `openssl rand -base64 32`).");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("WALLET_ENCRYPTION_KEY is not valid base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("WALLET_ENCRYPTION_KEY must decode to 32 bytes (AES-256), not " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            k = parseKey(config.wallet().encryptionKey().orElse(null));
            key = k;
        }
        return k;
    }

    public byte[] encrypt(UUID ownerId, String walletId) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad(ownerId));
            byte[] ct = c.doFinal(walletId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("wallet encryption failed", e);
        }
    }

    public String decrypt(UUID ownerId, byte[] stored) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            c.updateAAD(aad(ownerId));
            return new String(c.doFinal(stored, IV_BYTES, stored.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("wallet id cannot be decrypted (wrong key or tampered value)", e);
        }
    }

    /**
     * A keyed hash of the wallet id for equality look-ups (HMAC-SHA256 with a key derived from the encryption key,
     * so no new secret is needed and the hash reveals nothing without it).
     */
    public byte[] hash(String walletId) {
        try {
            javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(key().getEncoded(), "HmacSHA256"));
            byte[] hashKey = derive.doFinal("ebike/subsidy/wallet-id-hash/v1".getBytes(StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashKey, "HmacSHA256"));
            return mac.doFinal(walletId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("wallet hash failed", e);
        }
    }

    private static byte[] aad(UUID ownerId) {
        return ("wallet:" + ownerId).getBytes(StandardCharsets.UTF_8);
    }
}
