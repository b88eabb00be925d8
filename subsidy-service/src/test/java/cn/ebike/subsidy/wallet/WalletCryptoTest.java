package cn.ebike.subsidy.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WalletCryptoTest {

    static final String TEST_ONLY_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    final WalletCrypto crypto = new WalletCrypto(WalletCrypto.parseKey(TEST_ONLY_KEY));
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
    void aMissingOrMalformedKeyIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> WalletCrypto.parseKey(null)).hasMessageContaining("WALLET_ENCRYPTION_KEY");
        assertThatThrownBy(() -> WalletCrypto.parseKey("not base64!")).hasMessageContaining("WALLET_ENCRYPTION_KEY");
        assertThatThrownBy(() -> WalletCrypto.parseKey(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
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
