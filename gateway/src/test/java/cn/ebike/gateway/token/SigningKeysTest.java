package cn.ebike.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

    @Test
    void withoutAPrivateKeyTheGatewayRefusesToStartNamingTheVariable() {
        assertThatThrownBy(() -> new SigningKeys(Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("JWT_PRIVATE_KEY_LOCATION");
        assertThatThrownBy(() -> new SigningKeys(Optional.of("/nowhere/key.pem"), Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("JWT_PRIVATE_KEY_LOCATION");
    }

    @Test
    void aPublicKeyIsNotAcceptedAsThePrivateKey() {
        assertThatThrownBy(() -> new SigningKeys(Optional.of("test-only-keys/jwt-public.pem"), Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PKCS#8");
    }

    @Test
    void thePublicKeyIsDerivedAndThePreviousOneListedSecond() {
        SigningKeys keys = new SigningKeys(Optional.of("test-only-keys/jwt-private.pem"),
                Optional.of("test-only-keys/previous-jwt-public.pem"));
        assertThat(keys.verificationKeys()).hasSize(2);
        assertThat(keys.current().key().getModulus()).isEqualTo(keys.privateKey().getModulus());
        assertThat(keys.previous()).isPresent();
        assertThat(keys.previous().get().kid()).isNotEqualTo(keys.current().kid());
        SigningKeys alone = new SigningKeys(Optional.of("test-only-keys/jwt-private.pem"), Optional.empty());
        assertThat(alone.verificationKeys()).hasSize(1);
        assertThat(alone.jwksJson()).contains(alone.current().kid());
    }
}
