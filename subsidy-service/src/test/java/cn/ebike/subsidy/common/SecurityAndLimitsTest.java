package cn.ebike.subsidy.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tokens the gateway did not issue (or no longer valid) are 401 problem+json; oversized bodies 413. */
@QuarkusTest
class SecurityAndLimitsTest {

    private static void expect401(String token) {
        given().auth().oauth2(token).when().get("/api/campaigns").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
    }

    @Test
    void aMissingTokenIs401() {
        given().when().get("/api/campaigns").then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    void aTokenSignedWithAnotherKeyIs401() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        expect401(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("x").groups(Set.of("REGULATOR"))
                .sign(g.generateKeyPair().getPrivate()));
    }

    @Test
    void aWrongIssuerOrAudienceIs401() {
        expect401(Jwt.issuer("https://evil.example").audience(Tokens.AUDIENCE).subject("x").groups(Set.of("REGULATOR")).sign());
        expect401(Jwt.issuer(Tokens.ISSUER).audience("another-suite").subject("x").groups(Set.of("REGULATOR")).sign());
    }

    @Test
    void anExpiredTokenIs401() {
        expect401(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("x").groups(Set.of("REGULATOR"))
                .issuedAt(Instant.now().minusSeconds(3600)).expiresAt(Instant.now().minusSeconds(1800)).sign());
    }

    @Test
    void anUnsignedTokenIs401() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE
                + "\",\"sub\":\"x\",\"groups\":[\"REGULATOR\"],\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        expect401(header + "." + claims + ".");
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        String big = "{\"name\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON).body(big)
                .when().post("/api/campaigns").then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void anUnknownPathIsAProblem404() {
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies/" + java.util.UUID.randomUUID()).then()
                .statusCode(404).contentType("application/problem+json");
    }
}
