package cn.ebike.tradein.dealer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The contact-phone format tradein-service wrote before common's versioned one, copied from that code
 * (ContactPhoneCrypto.seal up to this change): {@code v1.<base64(iv || ciphertext+tag)>}, the dealer id as
 * associated data. Tests use it to build a database as the earlier code left it.
 */
final class LegacyContactPhoneFormat {

    private LegacyContactPhoneFormat() {
    }

    static String seal(byte[] key, UUID dealerId, String phone) {
        try {
            byte[] iv = new byte[12];
            new SecureRandom().nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(dealerId.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = c.doFinal(phone.getBytes(StandardCharsets.UTF_8));
            return "v1." + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
