package cn.ebike.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FieldCipherTest {

    private static final byte[] OLD = bytes(1);
    private static final byte[] NEW = bytes(2);
    private final UUID row = UUID.randomUUID();

    @Test
    void sealsAndOpensWithTheHeaderNamingTheKey() {
        FieldCipher cipher = new FieldCipher(Keyring.ofRaw("k1", OLD, Map.of()));
        byte[] sealed = cipher.seal("owners", "phone_enc", row, "13812345678");

        assertThat(sealed[0]).isEqualTo(FieldCipher.VERSION);
        assertThat(new String(sealed, 2, sealed[1], StandardCharsets.US_ASCII)).isEqualTo("k1");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("13812345678");
        assertThat(cipher.open("owners", "phone_enc", row, sealed)).isEqualTo("13812345678");
        assertThat(cipher.isCurrent(sealed)).isTrue();
        assertThat(FieldCipher.isVersioned(sealed)).isTrue();
    }

    @Test
    void aFreshIvEveryTime() {
        FieldCipher cipher = new FieldCipher(Keyring.ofRaw("k1", OLD, Map.of()));
        assertThat(cipher.seal("t", "c", row, "same")).isNotEqualTo(cipher.seal("t", "c", row, "same"));
    }

    @Test
    void aValueMovedToAnotherRowColumnOrTableDoesNotOpen() {
        FieldCipher cipher = new FieldCipher(Keyring.ofRaw("k1", OLD, Map.of()));
        byte[] sealed = cipher.seal("owners", "phone_enc", row, "13812345678");

        assertThatThrownBy(() -> cipher.open("owners", "phone_enc", UUID.randomUUID(), sealed))
                .hasMessageContaining("cannot decrypt");
        assertThatThrownBy(() -> cipher.open("owners", "name_enc", row, sealed)).hasMessageContaining("cannot decrypt");
        assertThatThrownBy(() -> cipher.open("wallet", "phone_enc", row, sealed)).hasMessageContaining("cannot decrypt");
    }

    @Test
    void anAlteredValueDoesNotOpen() {
        FieldCipher cipher = new FieldCipher(Keyring.ofRaw("k1", OLD, Map.of()));
        byte[] sealed = cipher.seal("t", "c", row, "秘密");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.open("t", "c", row, sealed)).hasMessageContaining("cannot decrypt");
    }

    @Test
    void afterRotationOldValuesStillOpenAndAreNotCurrent() {
        FieldCipher before = new FieldCipher(Keyring.ofRaw("k1", OLD, Map.of()));
        byte[] old = before.seal("t", "c", row, "张三");
        FieldCipher after = new FieldCipher(Keyring.ofRaw("k2", NEW, Map.of("k1", OLD)));

        assertThat(after.open("t", "c", row, old)).isEqualTo("张三");
        assertThat(after.isCurrent(old)).isFalse();
        byte[] resealed = after.seal("t", "c", row, "张三");
        assertThat(after.isCurrent(resealed)).isTrue();
        // once the retired key is dropped, what it sealed names it in the error
        FieldCipher dropped = new FieldCipher(Keyring.ofRaw("k2", NEW, Map.of()));
        assertThatThrownBy(() -> dropped.open("t", "c", row, old)).hasMessageContaining("key 'k1'");
    }

    @Test
    void textColumnsCarryTheSameFormatInBase64() {
        FieldCipher cipher = new FieldCipher(Keyring.ofRaw("k1", OLD, Map.of()));
        String text = cipher.sealText("dealers", "contact_phone_enc", row, "057188886666");
        assertThat(text).startsWith("v2.");
        assertThat(cipher.openText("dealers", "contact_phone_enc", row, text)).isEqualTo("057188886666");
        assertThat(cipher.isCurrentText(text)).isTrue();
        assertThat(cipher.isCurrentText("v1.abc")).isFalse();
    }

    @Test
    void keyringsComeFromConfigurationWithClearMessages() {
        String current = Base64.getEncoder().encodeToString(NEW);
        String old = Base64.getEncoder().encodeToString(OLD);
        Keyring ring = Keyring.of("PII_ENCRYPTION_KEY", Optional.of(current), "2", Optional.of("1:" + old));
        assertThat(ring.currentId()).isEqualTo("2");
        assertThat(new FieldCipher(ring).open("t", "c", row,
                new FieldCipher(Keyring.ofRaw("1", OLD, Map.of())).seal("t", "c", row, "x"))).isEqualTo("x");

        assertThatThrownBy(() -> Keyring.of("PII_ENCRYPTION_KEY", Optional.empty(), "1", Optional.empty()))
                .hasMessageContaining("PII_ENCRYPTION_KEY is not set");
        assertThatThrownBy(() -> Keyring.of("PII_ENCRYPTION_KEY", Optional.of("c2hvcnQ="), "1", Optional.empty()))
                .hasMessageContaining("exactly 32 bytes");
        assertThatThrownBy(() -> Keyring.of("K", Optional.of(current), "1", Optional.of("1:" + old)))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> Keyring.of("K", Optional.of(current), "1", Optional.of(old)))
                .hasMessageContaining("id:base64").hasMessageNotContaining(old);
        assertThatThrownBy(() -> Keyring.of("K", Optional.of(current), "bad id!", Optional.empty()))
                .hasMessageContaining("K_ID");
    }

    private static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i);
        }
        return key;
    }
}
