package cn.ebike.registration.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every request is authenticated by the service itself: anything but a good gateway token is 401. */
@QuarkusTest
class AuthenticationTest {

    private static void expect401(String token) {
        Api.as(token).get("/api/vehicles/stats").then().statusCode(401)
                .contentType(containsString("application/problem+json"))
                .body("status", equalTo(401)).body("type", equalTo("https://ebike.local/problems/unauthorized"));
    }

    @Test
    void aGoodTokenIsAccepted() {
        Api.as(Tokens.regulator()).get("/api/vehicles/stats").then().statusCode(200);
    }

    @Test
    void noTokenIs401WithABearerChallenge() {
        given().get("/api/vehicles/stats").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .contentType(containsString("application/problem+json"));
        given().contentType("application/json").body("{}").post("/api/owners").then().statusCode(401);
    }

    @Test
    void anExpiredTokenIs401() {
        Instant past = Instant.now().minusSeconds(600);
        expect401(Tokens.sign(Tokens.claims("regulator-1", "REGULATOR").issuedAt(past).expiresAt(past.plusSeconds(300))));
    }

    @Test
    void aTokenSignedWithAnotherKeyIs401() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey other = generator.generateKeyPair().getPrivate();
        expect401(Tokens.sign(Tokens.claims("regulator-1", "REGULATOR"), other));
    }

    @Test
    void aWrongIssuerIs401() {
        expect401(Tokens.sign(Tokens.claims("regulator-1", "REGULATOR").issuer("https://evil.example")));
    }

    @Test
    void aWrongAudienceIs401() {
        expect401(Tokens.sign(Tokens.claims("regulator-1", "REGULATOR").audience("another-suite")));
    }

    @Test
    void anUnsignedAlgNoneTokenIs401() {
        expect401(Tokens.unsigned("regulator-1", "REGULATOR"));
    }

    @Test
    void aTokenLivingLongerThanFifteenMinutesIs401() {
        Instant now = Instant.now();
        expect401(Tokens.sign(Tokens.claims("regulator-1", "REGULATOR").issuedAt(now).expiresAt(now.plusSeconds(3600))));
    }

    @Test
    void garbageIs401() {
        expect401("not.a.jwt");
        expect401("x");
    }

    @Test
    void publicPlateEndpointsNeedNoTokenAndIgnoreABadOne() {
        given().get("/api/plates/public-key").then().statusCode(200).body("algorithm", equalTo("Ed25519"));
        given().contentType("application/json").body("{\"qrPayload\":\"x\"}").post("/api/plates/verify")
                .then().statusCode(200).body("valid", equalTo(false));
        Api.as("garbage").get("/api/plates/public-key").then().statusCode(200);
    }

    @Test
    void healthNeedsNoToken() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
