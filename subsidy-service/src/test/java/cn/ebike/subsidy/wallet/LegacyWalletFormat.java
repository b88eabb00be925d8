package cn.ebike.subsidy.wallet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The wallet-id format subsidy-service wrote before common's versioned one, copied from that code
 * (WalletCrypto.encrypt up to this change): {@code iv(12) || ciphertext+tag}, {@code wallet:<owner id>} as
 * associated data. Tests use it to build a database as the earlier code left it.
 */
final class LegacyWalletFormat {

    private LegacyWalletFormat() {
    }

    static byte[] seal(byte[] key, UUID owner, String walletId) {
        try {
            byte[] iv = new byte[12];
            new SecureRandom().nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(("wallet:" + owner).getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(walletId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
