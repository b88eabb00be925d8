package cn.ebike.subsidy.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import cn.ebike.common.crypto.Keyring;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WalletCryptoTest {

    static final byte[] TEST_ONLY_KEY = new byte[32];
    final WalletCrypto crypto = new WalletCrypto(Keyring.ofRaw("1", TEST_ONLY_KEY, Map.of()), "1");
    final UUID owner = UUID.randomUUID();

    @Test
    void aWalletIdRoundTripsAndIsNotStoredInClear() {
        byte[] stored = crypto.encrypt(owner, "0021334455667788");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("0021334455667788");
        assertThat(crypto.decrypt(owner, stored)).isEqualTo("0021334455667788");
    }

    @Test
    void everyEncryptionUsesAFreshIv() {
        assertThat(crypto.encrypt(owner, "0021334455667788")).isNotEqualTo(crypto.encrypt(owner, "0021334455667788"));
    }

    @Test
    void aTamperedValueOrAnotherOwnersRowDoesNotDecrypt() {
        byte[] stored = crypto.encrypt(owner, "0021334455667788");
        stored[stored.length - 1] ^= 1;
        assertThatThrownBy(() -> crypto.decrypt(owner, stored)).isInstanceOf(IllegalStateException.class);
        byte[] fine = crypto.encrypt(owner, "0021334455667788");
        assertThatThrownBy(() -> crypto.decrypt(UUID.randomUUID(), fine)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theFormatWrittenBeforeStillOpensAndRotationKeepsHashesEqual() {
        byte[] old = LegacyWalletFormat.seal(TEST_ONLY_KEY, owner, "0021334455667788");
        assertThat(crypto.decrypt(owner, old)).isEqualTo("0021334455667788");
        byte[] newKey = new byte[32];
        java.util.Arrays.fill(newKey, (byte) 9);
        WalletCrypto rotated = new WalletCrypto(Keyring.ofRaw("2", newKey, Map.of("1", TEST_ONLY_KEY)), "1");
        assertThat(rotated.decrypt(owner, old)).isEqualTo("0021334455667788");
        assertThat(rotated.decrypt(owner, crypto.encrypt(owner, "0021334455667788"))).isEqualTo("0021334455667788");
        assertThat(rotated.hash("0021334455667788")).isEqualTo(crypto.hash("0021334455667788"));
        assertThatThrownBy(() -> new WalletCrypto(Keyring.ofRaw("2", newKey, Map.of()), "1"))
                .hasMessageContaining("WALLET_HASH_KEY_ID");
    }

    @Test
    void walletIdFormatAcceptsOperatorIdsOnly() {
        java.util.regex.Pattern format = java.util.regex.Pattern.compile(WalletRequest.FORMAT);
        assertThat(format.matcher("0021334455667788").matches()).isTrue();
        assertThat(format.matcher("ECNY-0021-3344-5566").matches()).isTrue();
        assertThat(format.matcher("short").matches()).isFalse();
        assertThat(format.matcher("-0021334455667788").matches()).isFalse();
        assertThat(format.matcher("0021 3344 5566 7788").matches()).isFalse();
        assertThat(format.matcher("0021334455667788<script>").matches()).isFalse();
        assertThat(format.matcher("1".repeat(65)).matches()).isFalse();
    }
}
