package cn.ebike.registration.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.common.security.TokenRules;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 12 in registration-service: the kid the gateway sends (RFC 7638 thumbprint of the verification
 * key) is known; any other kid, a 16-minute token or one issued in the future is 401.
 */
@QuarkusTest
class StrictTokenTest {

    static String thumbprintOfTheTestKey() throws Exception {
        try (InputStream in = StrictTokenTest.class.getClassLoader().getResourceAsStream("test-only-keys/jwt-public.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return TokenRules.thumbprint((RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem))));
        }
    }

    @Test
    void theGatewaysKidIsKnownAndAnyOtherIsNot() throws Exception {
        given().auth().oauth2(Tokens.claims("r", "REGULATOR").jws().keyId(thumbprintOfTheTestKey()).sign())
                .get("/api/vehicles").then().statusCode(200);
        given().auth().oauth2(Tokens.claims("r", "REGULATOR").jws().keyId("unknown").sign())
                .get("/api/vehicles").then().statusCode(401)
                .body("type", equalTo("https://ebike.local/problems/unauthorized"));
    }

    @Test
    void lifetimeAndIssueTimeAreChecked() {
        long now = Instant.now().getEpochSecond();
        given().auth().oauth2(Tokens.sign(Tokens.claims("r", "REGULATOR").issuedAt(now).expiresAt(now + 960)))
                .get("/api/vehicles").then().statusCode(401);
        given().auth().oauth2(Tokens.sign(Tokens.claims("r", "REGULATOR").issuedAt(now + 300).expiresAt(now + 600)))
                .get("/api/vehicles").then().statusCode(401);
    }
}
