package cn.ebike.gateway.dealerclient;

import static cn.ebike.gateway.support.WireMockServices.registration;
import static cn.ebike.gateway.support.WireMockServices.tradein;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import cn.ebike.gateway.support.WireMockServices;
import cn.ebike.gateway.token.TokenVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DealerClientsTest extends GatewayTestBase {

    @Inject
    DataSource db;

    @Inject
    TokenVerifier verifier;

    @Inject
    DealerClientRevocations revocations;

    private UUID dealer;

    @BeforeEach
    void aDealerExists() {
        dealer = UUID.randomUUID();
        tradein.stubFor(get(urlEqualTo("/api/dealers/" + dealer)).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"" + dealer + "\",\"name\":\"西湖车行\"}")));
        tradein.stubFor(get(urlPathMatching("/api/dealers/.*")).atPriority(10)
                .willReturn(aResponse().withStatus(404)));
        registration.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[]}")));
    }

    private static String regulator() {
        return Tokens.bearer("regulator-clients", "REGULATOR");
    }

    private JsonPath create(Map<String, Object> body) {
        return given().header("Authorization", regulator()).contentType(ContentType.JSON).body(body)
                .post("/api/auth/clients").then().statusCode(201).header("Cache-Control", "no-store")
                .extract().jsonPath();
    }

    private JsonPath create() {
        return create(Map.of("dealerId", dealer.toString(), "name", "西湖车行门店系统"));
    }

    private static io.restassured.response.Response token(String clientId, String secret) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).formParam("client_secret", secret).post("/api/auth/token");
    }

    private static String accessToken(String clientId, String secret) {
        return token(clientId, secret).then().statusCode(200).extract().path("access_token");
    }

    @Test
    void aRegulatorCreatesAClientForAnExistingDealerAndTheSecretIsShownOnce() throws Exception {
        JsonPath created = create();
        String clientId = created.getString("clientId");
        String secret = created.getString("clientSecret");
        assertThat(clientId).matches("dc_[a-z0-9]{20}");
        assertThat(secret).startsWith("dcs_").hasSizeGreaterThan(40);
        assertThat(created.getString("dealerId")).isEqualTo(dealer.toString());
        assertThat(created.getInt("rateLimitPerMinute")).isEqualTo(6000);
        assertThat(created.getString("createdBy")).isEqualTo("regulator-clients");
        // tradein-service was asked, with the gateway's own SERVICE token
        tradein.verify(getRequestedFor(urlEqualTo("/api/dealers/" + dealer)).withHeader("Authorization", matching("Bearer .+")));

        String shown = given().header("Authorization", regulator()).get("/api/auth/clients/" + clientId)
                .then().statusCode(200).body("status", equalTo("ACTIVE")).body("secrets", hasSize(1))
                .body("lastUsedAt", nullValue()).extract().asString();
        assertThat(shown).doesNotContain(secret).doesNotContain("clientSecret");
        String listed = given().header("Authorization", regulator()).queryParam("dealerId", dealer.toString())
                .get("/api/auth/clients").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].clientId", equalTo(clientId)).extract().asString();
        assertThat(listed).doesNotContain(secret);
        // only a digest is stored
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT secret_hash FROM api_client_secret s JOIN api_client a ON a.id = s.client"
                     + " WHERE a.client_id = '" + clientId + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).hasSize(64).isNotEqualTo(secret).doesNotContain(secret.substring(4, 20));
        }
    }

    @Test
    void theClientObtainsADealerTokenBoundToItsDealerAndLastUseIsRecorded() {
        JsonPath created = create(Map.of("dealerId", dealer.toString(), "name", "门店 POS", "rateLimitPerMinute", 1200));
        String clientId = created.getString("clientId");
        JsonPath answer = token(clientId, created.getString("clientSecret")).then().statusCode(200)
                .header("Cache-Control", "no-store").body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(600)).extract().jsonPath();
        TokenVerifier.VerifiedToken t = verifier.check(answer.getString("access_token"));
        assertThat(t.subject()).isEqualTo(clientId);
        assertThat(t.groups()).containsExactly("DEALER");
        assertThat(t.dealerId()).isEqualTo(dealer.toString());
        assertThat(t.rateLimitPerMinute()).isEqualTo(1200L);
        // HTTP Basic works too
        given().auth().preemptive().basic(clientId, created.getString("clientSecret")).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").post("/api/auth/token").then().statusCode(200);
        given().header("Authorization", regulator()).get("/api/auth/clients/" + clientId).then().statusCode(200)
                .body("lastUsedAt", notNullValue()).body("secrets[0].lastUsedAt", notNullValue());
        // the token is a dealer's: it passes the router
        given().header("Authorization", "Bearer " + answer.getString("access_token")).get("/api/vehicles")
                .then().statusCode(200);
    }

    @Test
    void aWrongSecretOrAnUnknownClientIsInvalidClient() {
        String clientId = create().getString("clientId");
        token(clientId, "dcs_wrong").then().statusCode(401).body("error", equalTo("invalid_client"));
        token("dc_aaaaaaaaaaaaaaaaaaaa", "dcs_wrong").then().statusCode(401).body("error", equalTo("invalid_client"));
        token(null, "x").then().statusCode(401);
    }

    @Test
    void rotationKeepsTwoSecretsValidThenTheOldOneIsRevoked() {
        JsonPath created = create();
        String clientId = created.getString("clientId");
        String oldSecret = created.getString("clientSecret");
        String oldId = created.getString("secretId");
        JsonPath added = given().header("Authorization", regulator()).post("/api/auth/clients/" + clientId + "/secrets")
                .then().statusCode(201).extract().jsonPath();
        String newSecret = added.getString("clientSecret");
        accessToken(clientId, oldSecret);
        accessToken(clientId, newSecret);
        // a third live secret is refused
        given().header("Authorization", regulator()).post("/api/auth/clients/" + clientId + "/secrets")
                .then().statusCode(409).contentType("application/problem+json").body("type", equalTo("https://ebike.local/problems/secret-limit"));
        given().header("Authorization", regulator()).delete("/api/auth/clients/" + clientId + "/secrets/" + oldId)
                .then().statusCode(200).body("secrets", hasSize(1)).body("secrets[0].id", equalTo(added.getString("secretId")));
        token(clientId, oldSecret).then().statusCode(401);
        accessToken(clientId, newSecret);
        // the last live secret cannot be revoked on its own
        given().header("Authorization", regulator()).delete("/api/auth/clients/" + clientId + "/secrets/" + added.getString("secretId"))
                .then().statusCode(409).body("type", equalTo("https://ebike.local/problems/last-secret"));
        // and the slot freed by the revoked one takes a new secret
        given().header("Authorization", regulator()).post("/api/auth/clients/" + clientId + "/secrets").then().statusCode(201);
    }

    @Test
    void revokingAClientStopsNewTokensAndTheTokensItHolds() {
        JsonPath created = create();
        String clientId = created.getString("clientId");
        String access = accessToken(clientId, created.getString("clientSecret"));
        given().header("Authorization", "Bearer " + access).get("/api/vehicles").then().statusCode(200);
        given().header("Authorization", regulator()).delete("/api/auth/clients/" + clientId).then().statusCode(200)
                .body("status", equalTo("REVOKED")).body("revokedBy", equalTo("regulator-clients")).body("secrets", hasSize(0));
        given().header("Authorization", "Bearer " + access).get("/api/vehicles").then().statusCode(401);
        token(clientId, created.getString("clientSecret")).then().statusCode(401);
        // revoking again changes nothing; a revoked client takes no new secret
        given().header("Authorization", regulator()).delete("/api/auth/clients/" + clientId).then().statusCode(200);
        given().header("Authorization", regulator()).post("/api/auth/clients/" + clientId + "/secrets").then().statusCode(409);
    }

    @Test
    void aClientRevokedByAnotherReplicaIsRefusedHereAfterThePoll() throws Exception {
        JsonPath created = create();
        String clientId = created.getString("clientId");
        String access = accessToken(clientId, created.getString("clientSecret"));
        given().header("Authorization", "Bearer " + access).get("/api/vehicles").then().statusCode(200);
        // another replica revoked it: only the database knows
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE api_client SET revoked_at = now(), revoked_by = 'other-replica' WHERE client_id = '" + clientId + "'");
        }
        given().header("Authorization", "Bearer " + access).get("/api/vehicles").then().statusCode(200);
        revocations.poll();
        given().header("Authorization", "Bearer " + access).get("/api/vehicles").then().statusCode(401);
    }

    @Test
    void eachClientHasItsOwnRateLimit() {
        JsonPath created = create(Map.of("dealerId", dealer.toString(), "name", "慢速脚本", "rateLimitPerMinute", 3));
        String access = "Bearer " + accessToken(created.getString("clientId"), created.getString("clientSecret"));
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", access).get("/api/vehicles").then().statusCode(200);
        }
        given().header("Authorization", access).get("/api/vehicles").then().statusCode(429)
                .header("Retry-After", notNullValue());
        // another client of the same dealer has its own budget
        JsonPath other = create();
        given().header("Authorization", "Bearer " + accessToken(other.getString("clientId"), other.getString("clientSecret")))
                .get("/api/vehicles").then().statusCode(200);
    }

    @Test
    void everyChangeIsAuditedWithWhoAndWhen() {
        JsonPath created = create();
        String clientId = created.getString("clientId");
        String admin = Tokens.bearer("admin-auditor", "ADMIN");
        String secretId = given().header("Authorization", admin).post("/api/auth/clients/" + clientId + "/secrets")
                .then().statusCode(201).extract().path("secretId");
        given().header("Authorization", admin).delete("/api/auth/clients/" + clientId + "/secrets/" + created.getString("secretId"))
                .then().statusCode(200);
        given().header("Authorization", regulator()).contentType(ContentType.JSON).body(Map.of("rateLimitPerMinute", 100))
                .patch("/api/auth/clients/" + clientId).then().statusCode(200).body("rateLimitPerMinute", equalTo(100));
        given().header("Authorization", regulator()).delete("/api/auth/clients/" + clientId).then().statusCode(200);
        JsonPath history = given().header("Authorization", regulator()).get("/api/auth/clients/" + clientId + "/history")
                .then().statusCode(200).extract().jsonPath();
        assertThat(history.getList("action")).containsExactly("CREATED", "SECRET_ADDED", "SECRET_ADDED", "SECRET_REVOKED",
                "UPDATED", "REVOKED");
        assertThat(history.getList("actor")).containsExactly("regulator-clients", "regulator-clients", "admin-auditor",
                "admin-auditor", "regulator-clients", "regulator-clients");
        assertThat(history.getList("actorRole")).contains("ADMIN", "REGULATOR");
        assertThat(history.getString("[2].secretId")).isEqualTo(secretId);
        assertThat(history.getList("at")).allSatisfy(at -> assertThat(at).isNotNull());
    }

    @Test
    void theDealerMustExistAndTradeinMustAnswer() {
        given().header("Authorization", regulator()).contentType(ContentType.JSON)
                .body(Map.of("dealerId", UUID.randomUUID().toString(), "name", "不存在的车行"))
                .post("/api/auth/clients").then().statusCode(409)
                .body("type", equalTo("https://ebike.local/problems/unknown-dealer")).body("errors[0].field", equalTo("dealerId"));
        WireMockServices.kill(tradein);
        given().header("Authorization", regulator()).contentType(ContentType.JSON)
                .body(Map.of("dealerId", dealer.toString(), "name", "西湖车行"))
                .post("/api/auth/clients").then().statusCode(503).contentType("application/problem+json");
    }

    @Test
    void badInputIsA400NamingTheFields() {
        given().header("Authorization", regulator()).contentType(ContentType.JSON)
                .body(Map.of("name", "<script>", "rateLimitPerMinute", 0))
                .post("/api/auth/clients").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("dealerId", "name", "rateLimitPerMinute"));
    }

    @Test
    void theIdempotencyKeyReplaysTheCreationAndRefusesAnotherBody() {
        Map<String, Object> body = Map.of("dealerId", dealer.toString(), "name", "幂等门店");
        String key = "create-" + UUID.randomUUID();
        JsonPath first = given().header("Authorization", regulator()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/api/auth/clients").then().statusCode(201).extract().jsonPath();
        JsonPath again = given().header("Authorization", regulator()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/api/auth/clients").then().statusCode(201).extract().jsonPath();
        assertThat(again.getString("clientId")).isEqualTo(first.getString("clientId"));
        given().header("Authorization", regulator()).queryParam("dealerId", dealer.toString()).get("/api/auth/clients")
                .then().body("total", equalTo(1));
        given().header("Authorization", regulator()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("dealerId", dealer.toString(), "name", "另一个")).post("/api/auth/clients").then().statusCode(409);
    }

    @Test
    void rolesAndDealerScope() {
        String clientId = create().getString("clientId");
        String ownStaff = Tokens.sign(Tokens.claims("staff-own", "DEALER").claim("dealerId", dealer.toString()));
        String otherStaff = Tokens.sign(Tokens.claims("staff-other", "DEALER").claim("dealerId", UUID.randomUUID().toString()));
        Map<String, Object> body = Map.of("dealerId", dealer.toString(), "name", "x");
        given().contentType(ContentType.JSON).body(body).post("/api/auth/clients").then().statusCode(401);
        given().header("Authorization", "Bearer " + ownStaff).contentType(ContentType.JSON).body(body)
                .post("/api/auth/clients").then().statusCode(403);
        given().header("Authorization", Tokens.bearer("owner-1", "OWNER")).get("/api/auth/clients").then().statusCode(403);
        // a dealer's staff see their own dealer's clients, and nobody else's (404, no existence leak)
        given().header("Authorization", "Bearer " + ownStaff).get("/api/auth/clients/" + clientId).then().statusCode(200);
        given().header("Authorization", "Bearer " + ownStaff).get("/api/auth/clients").then().statusCode(200)
                .body("items.clientId", org.hamcrest.Matchers.hasItem(clientId));
        given().header("Authorization", "Bearer " + otherStaff).get("/api/auth/clients/" + clientId).then().statusCode(404);
        given().header("Authorization", "Bearer " + otherStaff).get("/api/auth/clients").then().statusCode(200)
                .body("total", equalTo(0));
        given().header("Authorization", "Bearer " + ownStaff).delete("/api/auth/clients/" + clientId).then().statusCode(403);
        given().header("Authorization", "Bearer " + ownStaff).post("/api/auth/clients/" + clientId + "/secrets").then().statusCode(403);
    }
}
