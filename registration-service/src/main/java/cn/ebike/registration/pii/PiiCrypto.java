package cn.ebike.registration.pii;

import cn.ebike.common.crypto.FieldCipher;
import cn.ebike.common.crypto.Keyring;
import cn.ebike.common.crypto.SealedColumn;
import cn.ebike.registration.config.RegistrationConfig;
import jakarta.inject.Inject;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Owners' personal data at rest.
 * <ul>
 * <li>{@link #encrypt}/{@link #decrypt}: common's {@link FieldCipher} (versioned, key id, associated data
 * {@code owners/<column>/<owner id>}) under {@code PII_ENCRYPTION_KEY} ({@code PII_ENCRYPTION_KEY_ID}, retired keys
 * in {@code PII_ENCRYPTION_KEY_RETIRED}). Values of the format written before (version byte 1, IV, ciphertext; the
 * field name as associated data) still open, and {@link PiiResealing} moves them to the current one.</li>
 * <li>{@link #hash}: HMAC-SHA256 under a separate key, for equality look-up and unique constraints (a plain hash
 * of an 18-digit ID number could be brute-forced; a keyed one cannot without the key).</li>
 * </ul>
 */
@Startup // created at start: a missing or malformed key stops the service with a message naming its variable
@Singleton
public class PiiCrypto {

    public static final String TABLE = "owners";

    private final FieldCipher cipher;
    private final Map<String, SealedColumn> columns;
    private final ThreadLocal<Mac> macs;

    @Inject
    public PiiCrypto(RegistrationConfig config) {
        this(Keyring.of("PII_ENCRYPTION_KEY", config.pii().encryptionKey(), config.pii().encryptionKeyId(),
                        config.pii().retiredEncryptionKeys()),
                decodeKey(config.pii().hmacKey(), "PII_HMAC_KEY"));
    }

    public PiiCrypto(Keyring keys, byte[] hmacKey) {
        if (java.util.Arrays.equals(keys.currentKeyBytes(), hmacKey)) {
            throw new IllegalStateException("PII_ENCRYPTION_KEY and PII_HMAC_KEY must be different keys.");
        }
        this.cipher = new FieldCipher(keys);
        this.columns = Map.of(
                FieldNames.NAME, column("name_enc", FieldNames.NAME),
                FieldNames.ID_NUMBER, column("id_number_enc", FieldNames.ID_NUMBER),
                FieldNames.PHONE, column("phone_enc", FieldNames.PHONE));
        SecretKeySpec macKey = new SecretKeySpec(hmacKey, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(macKey);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    /** The format before the versioned one: {@code 1 | IV | ciphertext+tag}, the field name as associated data. */
    private SealedColumn column(String name, String field) {
        byte[] aad = field.getBytes(StandardCharsets.UTF_8);
        return new SealedColumn(TABLE, "id", name, false, (row, stored) -> {
            byte[] bytes = (byte[]) stored;
            if (bytes.length == 0 || bytes[0] != 1) {
                throw new IllegalStateException("unreadable encrypted " + field);
            }
            return cipher.openLegacy(bytes, 1, aad);
        });
    }

    static byte[] decodeKey(Optional<String> value, String variable) {
        String base64 = value.map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(() -> new IllegalStateException(
                variable + " is not set: registration-service needs it to protect personal data. "
                        + "Set it to the base64 of 32 random bytes (e.g. `openssl rand -base64 32`)."));
        return Keyring.aesKey(variable, base64).getEncoded();
    }

    public byte[] encrypt(String field, UUID ownerId, String plaintext) {
        return cipher.seal(TABLE, column(field).column(), ownerId, plaintext);
    }

    public String decrypt(String field, UUID ownerId, byte[] stored) {
        return column(field).read(cipher, ownerId, stored);
    }

    /** Keyed hash of a normalised value; {@code field} separates the domains (ID numbers vs phones). */
    public byte[] hash(String field, String normalised) {
        Mac mac = macs.get();
        mac.update(field.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8));
    }

    FieldCipher cipher() {
        return cipher;
    }

    List<SealedColumn> sealedColumns() {
        return List.copyOf(columns.values());
    }

    private SealedColumn column(String field) {
        SealedColumn column = columns.get(field);
        if (column == null) {
            throw new IllegalArgumentException("not an encrypted owner field: " + field);
        }
        return column;
    }

    /** The owner fields kept encrypted (the names are part of the old format's associated data). */
    public static final class FieldNames {
        public static final String NAME = "name";
        public static final String ID_NUMBER = "idNumber";
        public static final String PHONE = "phone";

        private FieldNames() {
        }
    }
}
