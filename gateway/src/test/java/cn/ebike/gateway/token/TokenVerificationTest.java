package cn.ebike.gateway.token;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.ebike.gateway.support.WireMockServices.registration;

/** RFC 8725 cases: every bad token is refused with 401 by the gateway before any service is called. */
@QuarkusTest
class TokenVerificationTest extends GatewayTestBase {

    private static final String PATH = "/api/vehicles/7f1c2a9e-0000-4000-8000-000000000001";

    @BeforeEach
    void stubVehicle() {
        registration.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"v1\"}")));
    }

    private void refusedWithoutTouchingRegistration(String authorization) {
        var request = given();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.get(PATH).then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
        registration.verify(0, anyRequestedFor(urlPathMatching("/api/.*")));
    }

    @Test
    void validTokenIsForwarded() {
        given().header("Authorization", Tokens.regulator()).get(PATH).then().statusCode(200).body("id", equalTo("v1"));
        registration.verify(1, getRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void missingTokenIs401() {
        refusedWithoutTouchingRegistration(null);
    }

    @Test
    void notABearerTokenIs401() {
        refusedWithoutTouchingRegistration("Basic dXNlcjpwYXNz");
    }

    @Test
    void algNoneIs401() throws Exception {
        String valid = Tokens.sign(Tokens.claims("someone", "REGULATOR"));
        String payload = valid.split("\\.")[1];
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        refusedWithoutTouchingRegistration("Bearer " + header + "." + payload + ".");
    }

    @Test
    void tamperedPayloadIs401() {
        String valid = Tokens.sign(Tokens.claims("dealer-staff", "DEALER"));
        String[] parts = valid.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"DEALER\"", "\"REGULATOR\"");
        refusedWithoutTouchingRegistration("Bearer " + parts[0] + "." + b64(payload) + "." + parts[2]);
    }

    @Test
    void tokenSignedWithAnotherKeyIs401() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String token = Tokens.claims("someone", "REGULATOR").jws().keyId(Tokens.currentKid())
                .sign(generator.generateKeyPair().getPrivate());
        refusedWithoutTouchingRegistration("Bearer " + token);
    }

    @Test
    void unknownKidIs401() {
        String token = Tokens.claims("someone", "REGULATOR").jws().keyId("not-a-key-we-know")
                .sign(Tokens.privateKey("test-only-keys/jwt-private.pem"));
        refusedWithoutTouchingRegistration("Bearer " + token);
    }

    @Test
    void wrongIssuerIs401() {
        refusedWithoutTouchingRegistration("Bearer " + Tokens.sign(Tokens.claims("someone", "REGULATOR")
                .issuer("https://evil.example")));
    }

    @Test
    void wrongAudienceIs401() {
        refusedWithoutTouchingRegistration("Bearer " + Tokens.sign(Tokens.claims("someone", "REGULATOR")
                .audience("another-suite")));
    }

    @Test
    void theSuitesTokenRulesHoldAtTheGatewayToo() {
        // issue 12, item 12: the same common TokenRules as in every service
        long now = Instant.now().getEpochSecond();
        refusedWithoutTouchingRegistration("Bearer " + Tokens.sign(Tokens.claims("someone", "REGULATOR")
                .issuedAt(now).expiresAt(now + 960)));
        refusedWithoutTouchingRegistration("Bearer " + Tokens.sign(Tokens.claims("someone", "REGULATOR")
                .issuedAt(now + 120).expiresAt(now + 600)));
        refusedWithoutTouchingRegistration("Bearer " + Tokens.sign(Tokens.claims("someone", "REGULATOR")
                .claim("groups", "REGULATOR")));
    }

    @Test
    void expiredTokenIs401() {
        Instant past = Instant.now().minusSeconds(3600);
        refusedWithoutTouchingRegistration("Bearer " + Tokens.sign(Tokens.claims("someone", "REGULATOR")
                .issuedAt(past).expiresAt(past.plusSeconds(600))));
    }

    @Test
    void tokenWithoutExpiryIs401() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload("{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE
                + "\",\"sub\":\"x\",\"iat\":" + Instant.now().getEpochSecond() + ",\"groups\":[\"REGULATOR\"]}");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKey(Tokens.privateKey("test-only-keys/jwt-private.pem"));
        refusedWithoutTouchingRegistration("Bearer " + jws.getCompactSerialization());
    }

    @Test
    void hs256SignedWithThePublicKeyAsSecretIs401() throws Exception {
        String claims = "{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE
                + "\",\"sub\":\"attacker\",\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":"
                + (Instant.now().getEpochSecond() + 600) + ",\"groups\":[\"REGULATOR\"]}";
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue(Tokens.currentKid());
        jws.setKey(new HmacKey(Tokens.resource("test-only-keys/jwt-public.pem").getBytes(StandardCharsets.US_ASCII)));
        jws.setDoKeyValidation(false);
        refusedWithoutTouchingRegistration("Bearer " + jws.getCompactSerialization());
    }

    @Test
    void tokenOfThePreviousKeyIsStillAccepted() {
        String previousKid = given().get("/api/auth/jwks").then().extract().path("keys[1].kid");
        String token = Tokens.claims("regulator-1", "REGULATOR").jws().keyId(previousKid)
                .sign(Tokens.privateKey("test-only-keys/previous-jwt-private.pem"));
        given().header("Authorization", "Bearer " + token).get(PATH).then().statusCode(200);
    }

    @Test
    void theGatewaysOwnEndpointsAcceptThePreviousKeyToo() {
        String previousKid = given().get("/api/auth/jwks").then().extract().path("keys[1].kid");
        String regulator = Tokens.claims("regulator-2", "REGULATOR").jws().keyId(previousKid)
                .sign(Tokens.privateKey("test-only-keys/previous-jwt-private.pem"));
        // the overview answers 200 even when every service is missing: the point is the 200, not a 401
        given().header("Authorization", "Bearer " + regulator).get("/api/stats/overview").then().statusCode(200);
    }

    @Test
    void theGatewaysOwnEndpointsRefuseWhatTheRouterRefuses() {
        String token = Tokens.claims("regulator-3", "REGULATOR").audience("another-suite").jws()
                .keyId(Tokens.currentKid()).sign(Tokens.privateKey("test-only-keys/jwt-private.pem"));
        given().header("Authorization", "Bearer " + token).get("/api/stats/overview").then().statusCode(401);
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
