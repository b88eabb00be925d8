package cn.ebike.tradein.dealer;

import cn.ebike.tradein.common.TradeinConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a dealer's contact phone with AES-256-GCM ({@code DEALER_CONTACT_ENCRYPTION_KEY}): a fresh 12-byte IV
 * per value, the dealer id as associated data (a value copied onto another dealer's row does not open), stored
 * as {@code v1.<base64(iv || ciphertext+tag)>}. Only the masked form is ever shown; the sealed one is what the
 * district keeps so that the number can be recovered by whoever holds the key.
 */
@ApplicationScoped
public class ContactPhoneCrypto {

    private static final String PREFIX = "v1.";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public ContactPhoneCrypto(TradeinConfig config) {
        this(config.dealerContact().encryptionKey().orElse(""));
    }

    ContactPhoneCrypto(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            throw new IllegalStateException("DEALER_CONTACT_ENCRYPTION_KEY must be the base64 of 32 random bytes "
                    + "(e.g. `openssl rand -base64 32`; './suite up' generates one in .run/secrets.env): tradein-service "
                    + "keeps dealers' contact phones encrypted with it.");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public String seal(UUID dealerId, String phone) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(dealerId.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = c.doFinal(phone.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a contact phone", e);
        }
    }

    public String open(UUID dealerId, String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed contact phone");
        }
        try {
            byte[] all = Base64.getDecoder().decode(value.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(dealerId.toString().getBytes(StandardCharsets.US_ASCII));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the contact phone does not open with this key and dealer", e);
        }
    }
}
