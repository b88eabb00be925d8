package cn.ebike.tradein.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.tradein.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 12, item 12 in tradein-service: the same token rules as every service (common's StrictTokenFilter). */
@QuarkusTest
class StrictTokenTest {

    static final String ISSUER = "https://gateway.ebike.local";
    static final String AUDIENCE = "ebike-suite";

    private static void refused(String token) {
        given().auth().oauth2(token).get("/api/dealers").then().statusCode(401)
                .body("type", equalTo("https://ebike.local/problems/unauthorized"));
    }

    @Test
    void tokensTheGatewayWouldNeverIssueAreRefused() {
        long now = Instant.now().getEpochSecond();
        given().auth().oauth2(Tokens.regulator()).get("/api/dealers").then().statusCode(200);
        refused(Jwt.issuer(ISSUER).audience(AUDIENCE).subject("r").groups(Set.of("REGULATOR")).issuedAt(now)
                .expiresAt(now + 3600).jws().keyId("test-only").sign());
        refused(Jwt.issuer(ISSUER).audience(AUDIENCE).subject("r").groups(Set.of("REGULATOR")).issuedAt(now + 120)
                .expiresAt(now + 600).jws().keyId("test-only").sign());
        refused(Jwt.issuer(ISSUER).audience(AUDIENCE).subject("r").groups(Set.of("REGULATOR")).expiresIn(600)
                .jws().keyId("elsewhere").sign());
        refused(Jwt.issuer(ISSUER).audience(AUDIENCE).subject("r").claim("groups", "REGULATOR").expiresIn(600)
                .jws().keyId("test-only").sign());
        refused(Jwt.issuer(ISSUER).audience(AUDIENCE).groups(Set.of("REGULATOR")).expiresIn(600)
                .jws().keyId("test-only").sign());
    }
}
