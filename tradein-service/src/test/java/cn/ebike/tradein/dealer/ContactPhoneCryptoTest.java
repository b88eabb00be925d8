package cn.ebike.tradein.dealer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContactPhoneCryptoTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private final ContactPhoneCrypto crypto = new ContactPhoneCrypto(KEY);

    @Test
    void sealsWithAFreshIvAndOpensOnlyForTheSameDealerAndKey() {
        UUID dealer = UUID.randomUUID();
        String a = crypto.seal(dealer, "13812345678");
        String b = crypto.seal(dealer, "13812345678");
        assertThat(a).startsWith("v2.").isNotEqualTo(b);
        assertThat(crypto.open(dealer, a)).isEqualTo("13812345678");
        assertThat(crypto.open(dealer, b)).isEqualTo("13812345678");
        assertThatThrownBy(() -> crypto.open(UUID.randomUUID(), a)).isInstanceOf(IllegalArgumentException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new ContactPhoneCrypto(Base64.getEncoder().encodeToString(other)).open(dealer, a))
                .isInstanceOf(IllegalArgumentException.class);
        String tampered = a.substring(0, a.length() - 2) + (a.endsWith("A=") ? "B=" : "A=");
        assertThatThrownBy(() -> crypto.open(dealer, tampered)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFormatWrittenBeforeStillOpensForTheSameDealerOnly() {
        UUID dealer = UUID.randomUUID();
        String old = LegacyContactPhoneFormat.seal(new byte[32], dealer, "13812345678");
        assertThat(old).startsWith("v1.");
        assertThat(crypto.open(dealer, old)).isEqualTo("13812345678");
        assertThatThrownBy(() -> crypto.open(UUID.randomUUID(), old)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingOrShortKeyStopsTheStartNamingTheVariable() {
        for (String bad : new String[] {"", "not base64 at all!", Base64.getEncoder().encodeToString(new byte[16])}) {
            assertThatThrownBy(() -> new ContactPhoneCrypto(bad)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DEALER_CONTACT_ENCRYPTION_KEY");
        }
    }
}
