package cn.ebike.gateway.token;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.ebike.gateway.support.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** Client credentials (RFC 6749 §4.4) exactly as CONTRACT.md describes. */
@QuarkusTest
class ServiceTokenTest extends GatewayTestBase {

    @Inject
    TokenVerifier verifier;

    @Test
    void clientSecretPostGivesAServiceTokenForTheClient() throws Exception {
        String token = given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "tradein-service")
                .formParam("client_secret", "test-only-tradein-secret")
                .post("/api/auth/token").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(300))
                .body("access_token", notNullValue())
                .extract().path("access_token");
        JwtClaims claims = verifier.verify(token);
        assertThat(claims.getSubject()).isEqualTo("tradein-service");
        assertThat(claims.getClaimValueAsString("upn")).isEqualTo("tradein-service");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("SERVICE");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(300);
    }

    @Test
    void httpBasicIsAcceptedToo() {
        given().auth().preemptive().basic("tradein-service", "test-only-tradein-secret")
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .post("/api/auth/token").then().statusCode(200).body("token_type", equalTo("Bearer"));
    }

    @Test
    void wrongSecretIsInvalidClient() {
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "tradein-service")
                .formParam("client_secret", "guess")
                .post("/api/auth/token").then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void unknownClientIsInvalidClient() {
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "admin")
                .formParam("client_secret", "test-only-admin-password")
                .post("/api/auth/token").then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void aClientWithoutAConfiguredSecretIsDisabled() {
        // SUBSIDY_CLIENT_SECRET is unset in the test configuration
        for (String secret : new String[] {"", "anything"}) {
            given().contentType("application/x-www-form-urlencoded")
                    .formParam("grant_type", "client_credentials")
                    .formParam("client_id", "subsidy-service")
                    .formParam("client_secret", secret)
                    .post("/api/auth/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        }
    }

    @Test
    void otherGrantTypesAreRefused() {
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "password")
                .formParam("client_id", "tradein-service")
                .formParam("client_secret", "test-only-tradein-secret")
                .post("/api/auth/token").then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
    }
}
