package cn.ebike.tradein.dealer;

import cn.ebike.common.crypto.FieldCipher;
import cn.ebike.common.crypto.Keyring;
import cn.ebike.common.crypto.SealedColumn;
import cn.ebike.tradein.config.TradeInConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * A dealer's contact phone at rest: common's {@link FieldCipher} in its text form ({@code v2.<base64>}, key id,
 * associated data {@code dealers/contact_phone_enc/<dealer id>}) under {@code DEALER_CONTACT_ENCRYPTION_KEY}
 * ({@code DEALER_CONTACT_ENCRYPTION_KEY_ID}, retired keys in {@code DEALER_CONTACT_ENCRYPTION_KEY_RETIRED}). Values
 * of the format written before ({@code v1.<base64(iv || ciphertext+tag)>}, the dealer id as associated data) still
 * open; {@link ContactPhoneSealer} moves them. Only the masked form is ever shown; the sealed one is what the
 * district keeps so that the number can be recovered by whoever holds the key.
 */
@ApplicationScoped
public class ContactPhoneCrypto {

    private static final String VARIABLE = "DEALER_CONTACT_ENCRYPTION_KEY";
    private static final String LEGACY_PREFIX = "v1.";

    private final FieldCipher cipher;
    private final SealedColumn column;

    @Inject
    public ContactPhoneCrypto(TradeInConfig config) {
        this(Keyring.of(VARIABLE, config.dealerContact().encryptionKey(), config.dealerContact().encryptionKeyId(),
                config.dealerContact().retiredEncryptionKeys()));
    }

    /** With one key of id {@code 1} (tests). */
    ContactPhoneCrypto(String base64Key) {
        this(Keyring.of(VARIABLE, Optional.of(base64Key), "1", Optional.empty()));
    }

    ContactPhoneCrypto(Keyring keys) {
        this.cipher = new FieldCipher(keys);
        this.column = new SealedColumn("dealers", "id", "contact_phone_enc", true, (dealer, stored) -> {
            String value = (String) stored;
            if (!value.startsWith(LEGACY_PREFIX)) {
                throw new IllegalStateException("not a sealed contact phone");
            }
            return cipher.openLegacy(Base64.getDecoder().decode(value.substring(LEGACY_PREFIX.length())), 0,
                    dealer.toString().getBytes(StandardCharsets.US_ASCII));
        });
    }

    public String seal(UUID dealerId, String phone) {
        return cipher.sealText(column.table(), column.column(), dealerId, phone);
    }

    public String open(UUID dealerId, String value) {
        if (value == null) {
            throw new IllegalArgumentException("not a sealed contact phone");
        }
        try {
            return column.read(cipher, dealerId, value);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the contact phone does not open with the configured keys and this dealer", e);
        }
    }

    FieldCipher cipher() {
        return cipher;
    }

    SealedColumn column() {
        return column;
    }
}
