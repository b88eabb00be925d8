package cn.ebike.registration.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.common.crypto.FieldCipher;
import cn.ebike.common.crypto.Keyring;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PiiCryptoTest {

    private static final byte[] ENC = filled(1);
    private static final byte[] MAC = filled(2);
    private final PiiCrypto crypto = new PiiCrypto(Keyring.ofRaw("1", ENC, Map.of()), MAC);
    private final UUID owner = UUID.randomUUID();

    static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }

    @Test
    void encryptsWithAFreshIvEachTimeInTheVersionedFormatAndDecryptsBack() {
        byte[] a = crypto.encrypt("idNumber", owner, "330105199001011233");
        byte[] b = crypto.encrypt("idNumber", owner, "330105199001011233");
        assertThat(a).isNotEqualTo(b);
        assertThat(a[0]).isEqualTo(FieldCipher.VERSION);
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("330105");
        assertThat(crypto.decrypt("idNumber", owner, a)).isEqualTo("330105199001011233");
        assertThat(crypto.decrypt("idNumber", owner, b)).isEqualTo("330105199001011233");
    }

    @Test
    void aCiphertextMovedToAnotherFieldOrOwnerOrTamperedWithDoesNotDecrypt() {
        byte[] sealed = crypto.encrypt("phone", owner, "13812345678");
        assertThatThrownBy(() -> crypto.decrypt("name", owner, sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> crypto.decrypt("phone", UUID.randomUUID(), sealed))
                .isInstanceOf(IllegalStateException.class);
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> crypto.decrypt("phone", owner, tampered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void valuesOfTheFormatWrittenBeforeStillOpenWithTheCurrentOrARetiredKey() {
        byte[] old = LegacyPiiFormat.seal(ENC, "name", "张三");
        assertThat(crypto.decrypt("name", owner, old)).isEqualTo("张三");
        PiiCrypto rotated = new PiiCrypto(Keyring.ofRaw("2", filled(5), Map.of("1", ENC)), MAC);
        assertThat(rotated.decrypt("name", owner, old)).isEqualTo("张三");
        assertThat(rotated.decrypt("name", owner, crypto.encrypt("name", owner, "李四"))).isEqualTo("李四");
        PiiCrypto other = new PiiCrypto(Keyring.ofRaw("1", filled(3), Map.of()), MAC);
        assertThatThrownBy(() -> other.decrypt("name", owner, old)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void hashesAreStablePerFieldAndKeyed() {
        assertThat(crypto.hash("phone", "13812345678")).isEqualTo(crypto.hash("phone", "13812345678")).hasSize(32);
        assertThat(crypto.hash("phone", "13812345678")).isNotEqualTo(crypto.hash("idNumber", "13812345678"));
        assertThat(new PiiCrypto(Keyring.ofRaw("1", ENC, Map.of()), filled(4)).hash("phone", "13812345678"))
                .isNotEqualTo(crypto.hash("phone", "13812345678"));
    }

    @Test
    void missingOrBadKeysFailWithTheVariableName() {
        assertThatThrownBy(() -> PiiCrypto.decodeKey(Optional.empty(), "PII_HMAC_KEY"))
                .hasMessageContaining("PII_HMAC_KEY is not set");
        assertThatThrownBy(() -> PiiCrypto.decodeKey(Optional.of("not base64!"), "PII_HMAC_KEY"))
                .hasMessageContaining("PII_HMAC_KEY");
        assertThatThrownBy(() -> PiiCrypto.decodeKey(Optional.of(Base64.getEncoder().encodeToString(new byte[16])),
                "PII_HMAC_KEY")).hasMessageContaining("exactly 32 bytes");
        assertThatThrownBy(() -> new PiiCrypto(Keyring.ofRaw("1", ENC, Map.of()), ENC)).hasMessageContaining("different");
    }
}
