package cn.ebike.subsidy.wallet;

import cn.ebike.common.crypto.FieldCipher;
import cn.ebike.common.crypto.Keyring;
import cn.ebike.common.crypto.SealedColumn;
import cn.ebike.subsidy.config.SubsidyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wallet ids at rest: common's {@link FieldCipher} (versioned, key id, associated data
 * {@code wallet/wallet_cipher/<owner id>}) under {@code WALLET_ENCRYPTION_KEY} ({@code WALLET_ENCRYPTION_KEY_ID},
 * retired keys in {@code WALLET_ENCRYPTION_KEY_RETIRED}). Values of the format written before ({@code iv ||
 * ciphertext+tag}, {@code wallet:<owner id>} as associated data) still open; {@link WalletResealing} moves them.
 */
@ApplicationScoped
public class WalletCrypto {

    public static final String VARIABLE = "WALLET_ENCRYPTION_KEY";

    private final SubsidyConfig config;
    private volatile State state;

    private record State(FieldCipher cipher, SealedColumn column, SecretKeySpec hashKey) {
    }

    @jakarta.inject.Inject
    public WalletCrypto(SubsidyConfig config) {
        this.config = config;
    }

    /** With a fixed keyring (unit tests); the hash key is derived from the key with id {@code hashKeyId}. */
    WalletCrypto(Keyring keys, String hashKeyId) {
        this.config = null;
        this.state = state(keys, hashKeyId);
    }

    /** The configured keyring; every message names the variable. */
    public static Keyring keyring(SubsidyConfig config) {
        return Keyring.of(VARIABLE, config.wallet().encryptionKey(), config.wallet().encryptionKeyId(),
                config.wallet().retiredEncryptionKeys());
    }

    private State state() {
        State s = state;
        if (s == null) {
            s = state(keyring(config), config.wallet().hashKeyId().orElse(config.wallet().encryptionKeyId()));
            state = s;
        }
        return s;
    }

    private static State state(Keyring keys, String hashKeyId) {
        FieldCipher cipher = new FieldCipher(keys);
        SealedColumn column = new SealedColumn("wallet", "owner_id", "wallet_cipher", false,
                (owner, stored) -> cipher.openLegacy((byte[]) stored, 0, ("wallet:" + owner).getBytes(StandardCharsets.UTF_8)));
        byte[] base = keys.keyBytes(hashKeyId).orElseThrow(() -> new IllegalStateException("WALLET_HASH_KEY_ID '"
                + hashKeyId + "' names no configured wallet key: keep that key (as retired) so wallet hashes stay stable."));
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(base, "HmacSHA256"));
            byte[] hashKey = derive.doFinal("ebike/subsidy/wallet-id-hash/v1".getBytes(StandardCharsets.UTF_8));
            return new State(cipher, column, new SecretKeySpec(hashKey, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public byte[] encrypt(UUID ownerId, String walletId) {
        return state().cipher().seal("wallet", "wallet_cipher", ownerId, walletId);
    }

    public String decrypt(UUID ownerId, byte[] stored) {
        State s = state();
        return s.column().read(s.cipher(), ownerId, stored);
    }

    /**
     * A keyed hash of the wallet id for equality look-ups (HMAC-SHA256 with a key derived from one wallet key, so
     * no new secret is needed and the hash reveals nothing without it). The key it derives from is
     * {@code WALLET_HASH_KEY_ID} (the current key's id unless set): after a rotation that key stays configured as a
     * retired key, so that hashes of wallets bound before stay equal to new ones.
     */
    public byte[] hash(String walletId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(state().hashKey());
            return mac.doFinal(walletId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("wallet hash failed", e);
        }
    }

    FieldCipher cipher() {
        return state().cipher();
    }

    SealedColumn column() {
        return state().column();
    }
}
