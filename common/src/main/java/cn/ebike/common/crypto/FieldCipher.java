package cn.ebike.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The suite's one format for a personal field at rest (AES-256-GCM):
 * <pre>version (1 byte = 2) | key id length (1 byte) | key id (ASCII) | IV (12 bytes) | ciphertext + 128-bit tag</pre>
 * with the associated data {@code table/column/row}: a value copied into another column or onto another row does
 * not open. The key id says which key of the {@link Keyring} sealed it, so keys can rotate: every configured key
 * opens, the current one seals, and {@link #isCurrent} tells the re-sealing job what still needs moving. Text
 * columns hold the same bytes as {@code v2.<base64>} ({@link #sealText}).
 *
 * <p>Thread-safe; a {@link Cipher} per thread (a bulk import seals hundreds of thousands of values).
 */
public final class FieldCipher {

    public static final byte VERSION = 2;
    public static final String TEXT_PREFIX = "v2.";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Keyring keys;
    private final byte[] currentHeader;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable", e);
        }
    });

    public FieldCipher(Keyring keys) {
        this.keys = keys;
        byte[] id = keys.currentId().getBytes(StandardCharsets.US_ASCII);
        this.currentHeader = ByteBuffer.allocate(2 + id.length).put(VERSION).put((byte) id.length).put(id).array();
    }

    public Keyring keyring() {
        return keys;
    }

    public byte[] seal(String table, String column, Object row, String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(table, column, row));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(currentHeader.length + IV_BYTES + sealed.length)
                    .put(currentHeader).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt " + table + "." + column, e);
        }
    }

    public String open(String table, String column, Object row, byte[] stored) {
        Header header = header(stored).orElseThrow(() -> new IllegalStateException(
                "unreadable encrypted " + table + "." + column + " (not the versioned format)"));
        SecretKey key = keys.byId(header.keyId()).orElseThrow(() -> new IllegalStateException(
                table + "." + column + " of row " + row + " was sealed with key '" + header.keyId()
                        + "', which is not configured (add it to the retired keys)"));
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, header.ivOffset(), IV_BYTES));
            cipher.updateAAD(aad(table, column, row));
            int body = header.ivOffset() + IV_BYTES;
            return new String(cipher.doFinal(stored, body, stored.length - body), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt " + table + "." + column + " of row " + row
                    + " (wrong key, or the value was moved or altered)", e);
        }
    }

    public String sealText(String table, String column, Object row, String plaintext) {
        return TEXT_PREFIX + Base64.getEncoder().encodeToString(seal(table, column, row, plaintext));
    }

    public String openText(String table, String column, Object row, String stored) {
        if (stored == null || !stored.startsWith(TEXT_PREFIX)) {
            throw new IllegalStateException("unreadable encrypted " + table + "." + column + " (not the versioned format)");
        }
        return open(table, column, row, Base64.getDecoder().decode(stored.substring(TEXT_PREFIX.length())));
    }

    /**
     * Opens a value of one of the formats the services wrote before this one: AES-256-GCM with a 12-byte IV at
     * {@code ivOffset}, the ciphertext and tag after it, and the given associated data; no key id, so every
     * key of the ring is tried (the value may predate a rotation).
     */
    public String openLegacy(byte[] stored, int ivOffset, byte[] aad) {
        if (stored == null || stored.length < ivOffset + IV_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("unreadable encrypted value (too short)");
        }
        for (SecretKey key : keys.all()) {
            try {
                Cipher cipher = ciphers.get();
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, ivOffset, IV_BYTES));
                cipher.updateAAD(aad);
                int body = ivOffset + IV_BYTES;
                return new String(cipher.doFinal(stored, body, stored.length - body), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException wrongKey) {
                // try the next key
            }
        }
        throw new IllegalStateException("cannot decrypt an old-format value with any configured key");
    }

    /** True when the value is in this format (any key): a cheap header check, no decryption. */
    public static boolean isVersioned(byte[] stored) {
        return header(stored).isPresent();
    }

    public static boolean isVersionedText(String stored) {
        return stored != null && stored.startsWith(TEXT_PREFIX);
    }

    /** True when the value is in this format and sealed with the current key: nothing for the re-sealing job. */
    public boolean isCurrent(byte[] stored) {
        if (stored == null || stored.length < currentHeader.length + IV_BYTES + TAG_BITS / 8) {
            return false;
        }
        for (int i = 0; i < currentHeader.length; i++) {
            if (stored[i] != currentHeader[i]) {
                return false;
            }
        }
        return true;
    }

    public boolean isCurrentText(String stored) {
        return isVersionedText(stored) && isCurrent(Base64.getDecoder().decode(stored.substring(TEXT_PREFIX.length())));
    }

    private static byte[] aad(String table, String column, Object row) {
        return (table + '/' + column + '/' + row).getBytes(StandardCharsets.UTF_8);
    }

    private record Header(String keyId, int ivOffset) {
    }

    private static java.util.Optional<Header> header(byte[] stored) {
        if (stored == null || stored.length < 2 || stored[0] != VERSION) {
            return java.util.Optional.empty();
        }
        int idLength = stored[1] & 0xff;
        if (idLength < 1 || idLength > 16 || stored.length < 2 + idLength + IV_BYTES + TAG_BITS / 8) {
            return java.util.Optional.empty();
        }
        for (int i = 2; i < 2 + idLength; i++) {
            byte b = stored[i];
            if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_' || b == '.' || b == '-')) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(new Header(new String(stored, 2, idLength, StandardCharsets.US_ASCII), 2 + idLength));
    }
}
