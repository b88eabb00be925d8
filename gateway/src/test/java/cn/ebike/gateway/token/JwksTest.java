package cn.ebike.gateway.token;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.keys.RsaKeyUtil;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JwksTest extends GatewayTestBase {

    @Test
    void publishesTheCurrentAndThePreviousKeyNamedByTheirThumbprints() throws Exception {
        List<Map<String, Object>> keys = given().get("/api/auth/jwks").then().statusCode(200)
                .body("keys", hasSize(2))
                .body("keys[0].kty", equalTo("RSA")).body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].use", equalTo("sig"))
                .extract().path("keys");
        RsaKeyUtil util = new RsaKeyUtil();
        String[] pems = {"test-only-keys/jwt-public.pem", "test-only-keys/previous-jwt-public.pem"};
        for (int i = 0; i < 2; i++) {
            JsonWebKey published = JsonWebKey.Factory.newJwk(keys.get(i));
            RsaJsonWebKey expected = new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) util.fromPemEncoded(
                    Tokens.resource(pems[i])));
            assertThat(published.getKey()).isEqualTo(expected.getKey());
            // RFC 7638 thumbprint computed by jose4j
            assertThat(keys.get(i).get("kid")).isEqualTo(expected.calculateBase64urlEncodedThumbprint("SHA-256"));
        }
    }

    @Test
    void jwksNeedsNoToken() {
        given().get("/api/auth/jwks").then().statusCode(200);
    }
}
