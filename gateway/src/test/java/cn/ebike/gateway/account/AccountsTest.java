package cn.ebike.gateway.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import cn.ebike.gateway.support.WireMockServices;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountsTest extends GatewayTestBase {

    static String adminBearer() {
        return "Bearer " + given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "test-only-admin-password"))
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void bootstrapAdminLogsInWithTheConfiguredPassword() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "test-only-admin-password"))
                .post("/api/auth/login").then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("roles", hasItem("ADMIN"))
                .body("dealerId", nullValue())
                .body("accessToken", notNullValue());
    }

    @Inject
    AccountService accountService;

    @Inject
    DataSource dataSource;

    @Test
    void replicasStartingTogetherCreateTheAdminExactlyOnceAndNeverTouchAnExistingOne() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM account WHERE lower(username) = 'admin'");
        }
        int replicas = 8;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        CyclicBarrier together = new CyclicBarrier(replicas);
        List<Future<Boolean>> starts = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            starts.add(pool.submit(() -> {
                together.await();
                return accountService.createAdminIfMissing("test-only-admin-password");
            }));
        }
        int created = 0;
        for (Future<Boolean> f : starts) {
            created += f.get(60, TimeUnit.SECONDS) ? 1 : 0; // none of them fails
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM account WHERE lower(username) = 'admin'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        // a later start with another password changes nothing
        assertThat(accountService.createAdminIfMissing("another-password-of-length")).isFalse();
        assertThat(adminBearer()).startsWith("Bearer ");
    }

    /** tradein-service knows {@code dealerId} (and no other dealer). */
    private static void dealerExists(UUID dealerId) {
        WireMockServices.tradein.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/dealers/" + dealerId)).atPriority(1)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + dealerId + "\",\"name\":\"西湖车行\"}")));
        WireMockServices.tradein.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/api/dealers/.*")).atPriority(10)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(404)));
    }

    @Test
    void aDealerAccountForADealerThatDoesNotExistIsAConflictAndNothingIsCreated() {
        dealerExists(UUID.randomUUID());
        String username = unique("ghost");
        UUID ghost = UUID.randomUUID();
        given().header("Authorization", adminBearer()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "a-long-enough-password", "role", "DEALER",
                        "dealerId", ghost.toString()))
                .post("/api/auth/accounts").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://ebike.local/problems/unknown-dealer"))
                .body("title", equalTo("Conflict"))
                .body("errors[0].field", equalTo("dealerId"));
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "a-long-enough-password"))
                .post("/api/auth/login").then().statusCode(401);
        WireMockServices.tradein.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/dealers/" + ghost))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Bearer .+")));
    }

    @Test
    void whenTradeinCannotConfirmTheDealerNoDealerAccountIsCreated() {
        WireMockServices.tradein.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/api/dealers/.*"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(500)));
        String username = unique("maybe");
        given().header("Authorization", adminBearer()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "a-long-enough-password", "role", "DEALER",
                        "dealerId", UUID.randomUUID().toString()))
                .post("/api/auth/accounts").then().statusCode(503)
                .body("type", equalTo("https://ebike.local/problems/service-unavailable"));
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "a-long-enough-password"))
                .post("/api/auth/login").then().statusCode(401);
    }

    @Test
    void adminCreatesADealerAccountThatLogsInWithItsDealerId() {
        String username = unique("dealer");
        UUID dealerId = UUID.randomUUID();
        dealerExists(dealerId);
        given().header("Authorization", adminBearer()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "a-long-enough-password", "role", "DEALER",
                        "dealerId", dealerId.toString()))
                .post("/api/auth/accounts").then().statusCode(201)
                .body("id", notNullValue()).body("username", equalTo(username))
                .body("role", equalTo("DEALER")).body("dealerId", equalTo(dealerId.toString()))
                .body("password", nullValue()).body("passwordHash", nullValue());

        Response login = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "a-long-enough-password"))
                .post("/api/auth/login");
        login.then().statusCode(200).body("roles", hasItem("DEALER")).body("dealerId", equalTo(dealerId.toString()));

        Map<String, Object> claims = claimsOf(login.path("accessToken"));
        Map<String, Object> header = headerOf(login.path("accessToken"));
        assertThat(header).containsEntry("alg", "RS256").containsEntry("kid", Tokens.currentKid());
        assertThat(claims).containsEntry("iss", Tokens.ISSUER).containsEntry("upn", username)
                .containsEntry("dealerId", dealerId.toString()).containsKeys("sub", "jti", "iat", "exp");
        assertThat(claims.get("aud").toString()).contains(Tokens.AUDIENCE);
        assertThat(claims.get("groups").toString()).contains("DEALER");
        long lifetime = ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue();
        assertThat(lifetime).isPositive().isLessThanOrEqualTo(900);
    }

    @Test
    void duplicateUsernameIsAConflictWhateverItsCase() {
        String username = unique("reg");
        Map<String, Object> body = Map.of("username", username, "password", "a-long-enough-password", "role", "REGULATOR");
        given().header("Authorization", adminBearer()).contentType(ContentType.JSON).body(body)
                .post("/api/auth/accounts").then().statusCode(201);
        given().header("Authorization", adminBearer()).contentType(ContentType.JSON)
                .body(Map.of("username", username.toUpperCase(), "password", "a-long-enough-password", "role", "REGULATOR"))
                .post("/api/auth/accounts").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void dealerAccountWithoutDealerIdIsRejected() {
        given().header("Authorization", adminBearer()).contentType(ContentType.JSON)
                .body(Map.of("username", unique("d"), "password", "a-long-enough-password", "role", "DEALER"))
                .post("/api/auth/accounts").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("dealerId"));
    }

    @Test
    void shortPasswordAndBadUsernameAreBothListed() {
        given().header("Authorization", adminBearer()).contentType(ContentType.JSON)
                .body(Map.of("username", "a b", "password", "short", "role", "REGULATOR"))
                .post("/api/auth/accounts").then().statusCode(400)
                .body("errors.field", hasItem("password")).body("errors.field", hasItem("username"));
    }

    @Test
    void nobodyCanCreateAServiceOrOwnerAccount() {
        for (String role : new String[] {"SERVICE", "OWNER"}) {
            given().header("Authorization", adminBearer()).contentType(ContentType.JSON)
                    .body(Map.of("username", unique("svc"), "password", "a-long-enough-password", "role", role))
                    .post("/api/auth/accounts").then().statusCode(400).body("errors[0].field", equalTo("role"));
        }
    }

    @Test
    void unknownRoleIsABadRequestNamingTheField() {
        given().header("Authorization", adminBearer()).contentType(ContentType.JSON)
                .body(Map.of("username", unique("x"), "password", "a-long-enough-password", "role", "SUPERUSER"))
                .post("/api/auth/accounts").then().statusCode(400).body("errors[0].field", equalTo("role"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        given().header("Authorization", adminBearer()).contentType(ContentType.JSON).body("{\"username\":")
                .post("/api/auth/accounts").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyAdminsCreateAccounts() {
        given().header("Authorization", Tokens.regulator()).contentType(ContentType.JSON)
                .body(Map.of("username", unique("x"), "password", "a-long-enough-password", "role", "REGULATOR"))
                .post("/api/auth/accounts").then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body(Map.of("username", unique("x"), "password", "a-long-enough-password", "role", "REGULATOR"))
                .post("/api/auth/accounts").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void sameIdempotencyKeyAndBodyReplaysTheFirstAnswer() {
        String key = UUID.randomUUID().toString();
        String body = "{\"username\":\"" + unique("idem") + "\",\"password\":\"a-long-enough-password\",\"role\":\"REGULATOR\"}";
        String admin = adminBearer();
        String first = given().header("Authorization", admin).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/api/auth/accounts")
                .then().statusCode(201).extract().asString();
        String second = given().header("Authorization", admin).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/api/auth/accounts")
                .then().statusCode(201).extract().asString();
        assertThat(second).isEqualTo(first);
        given().header("Authorization", admin).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body.replace("REGULATOR", "ADMIN")).post("/api/auth/accounts")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> claimsOf(String jwt) {
        return io.restassured.path.json.JsonPath.from(
                new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8)).getMap("");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> headerOf(String jwt) {
        return io.restassured.path.json.JsonPath.from(
                new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8)).getMap("");
    }
}
