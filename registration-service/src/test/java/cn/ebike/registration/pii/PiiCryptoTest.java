package cn.ebike.registration.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PiiCryptoTest {

    private static final byte[] ENC = filled(1);
    private static final byte[] MAC = filled(2);
    private final PiiCrypto crypto = new PiiCrypto(ENC, MAC);

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }

    @Test
    void encryptsWithAFreshIvEachTimeAndDecryptsBack() {
        byte[] a = crypto.encrypt("idNumber", "330105199001011233");
        byte[] b = crypto.encrypt("idNumber", "330105199001011233");
        assertThat(a).isNotEqualTo(b);
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("330105");
        assertThat(crypto.decrypt("idNumber", a)).isEqualTo("330105199001011233");
        assertThat(crypto.decrypt("idNumber", b)).isEqualTo("330105199001011233");
    }

    @Test
    void aCiphertextMovedToAnotherFieldOrTamperedWithDoesNotDecrypt() {
        byte[] sealed = crypto.encrypt("phone", "13812345678");
        assertThatThrownBy(() -> crypto.decrypt("name", sealed)).isInstanceOf(IllegalStateException.class);
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> crypto.decrypt("phone", tampered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherKeyCannotDecrypt() {
        byte[] sealed = crypto.encrypt("name", "张三");
        PiiCrypto other = new PiiCrypto(filled(3), MAC);
        assertThatThrownBy(() -> other.decrypt("name", sealed)).hasMessageContaining("PII_ENCRYPTION_KEY");
    }

    @Test
    void hashesAreStablePerFieldAndKeyed() {
        assertThat(crypto.hash("phone", "13812345678")).isEqualTo(crypto.hash("phone", "13812345678")).hasSize(32);
        assertThat(crypto.hash("phone", "13812345678")).isNotEqualTo(crypto.hash("idNumber", "13812345678"));
        assertThat(new PiiCrypto(ENC, filled(4)).hash("phone", "13812345678"))
                .isNotEqualTo(crypto.hash("phone", "13812345678"));
    }

    @Test
    void missingOrBadKeysFailWithTheVariableName() {
        assertThatThrownBy(() -> PiiCrypto.decodeKey(Optional.empty(), "PII_ENCRYPTION_KEY"))
                .hasMessageContaining("PII_ENCRYPTION_KEY is not set");
        assertThatThrownBy(() -> PiiCrypto.decodeKey(Optional.of("not base64!"), "PII_HMAC_KEY"))
                .hasMessageContaining("PII_HMAC_KEY");
        assertThatThrownBy(() -> PiiCrypto.decodeKey(Optional.of(Base64.getEncoder().encodeToString(new byte[16])),
                "PII_HMAC_KEY")).hasMessageContaining("exactly 32 bytes");
        assertThatThrownBy(() -> new PiiCrypto(ENC, ENC)).hasMessageContaining("different");
    }
}
