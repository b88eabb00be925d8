package cn.ebike.subsidy.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 12: validly signed tokens the gateway would never issue are 401 here too (common's
 * StrictTokenFilter; the same filter runs in registration and tradein).
 */
@QuarkusTest
class StrictTokenTest {

    private static void refused(String token) {
        given().auth().oauth2(token).get("/api/campaigns").then().statusCode(401)
                .contentType("application/problem+json").body("type", equalTo("https://ebike.local/problems/unauthorized"));
    }

    @Test
    void theTestTokensPass() {
        given().auth().oauth2(Tokens.regulator()).get("/api/campaigns").then().statusCode(200);
    }

    @Test
    void aTokenLivingLongerThanFifteenMinutesIsRefused() {
        long now = Instant.now().getEpochSecond();
        refused(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("r").groups(Set.of("REGULATOR"))
                .issuedAt(now).expiresAt(now + 3600).jws().keyId("test-only").sign());
    }

    @Test
    void aTokenIssuedInTheFutureIsRefused() {
        long now = Instant.now().getEpochSecond();
        refused(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("r").groups(Set.of("REGULATOR"))
                .issuedAt(now + 120).expiresAt(now + 600).jws().keyId("test-only").sign());
    }

    @Test
    void anUnknownKidIsRefused() {
        refused(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("r").groups(Set.of("REGULATOR"))
                .expiresIn(600).jws().keyId("someone-elses").sign());
    }

    @Test
    void groupsAsAStringIsRefused() {
        refused(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("r").claim("groups", "REGULATOR")
                .expiresIn(600).jws().keyId("test-only").sign());
    }

    @Test
    void aTokenWithoutSubIsRefused() {
        refused(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).groups(Set.of("REGULATOR"))
                .expiresIn(600).jws().keyId("test-only").sign());
    }
}
