package cn.ebike.gateway.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.token.TokenVerifier;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Refresh sessions: rotation, replay detection, lifetimes, logout, the cookie, two tabs at once. */
@QuarkusTest
class SessionTest extends GatewayTestBase {

    static final String ADMIN_PASSWORD = "test-only-admin-password";

    @Inject
    EntityManager em;

    @Inject
    TokenVerifier verifier;

    @Inject
    Sessions sessions;

    static Response staffLogin(String client) {
        Map<String, Object> body = client == null ? Map.of("username", "admin", "password", ADMIN_PASSWORD)
                : Map.of("username", "admin", "password", ADMIN_PASSWORD, "client", client);
        return given().contentType(ContentType.JSON).body(body).post("/api/auth/login");
    }

    static Response refreshWithCookie(String token) {
        return given().cookie(SessionHttp.COOKIE, token).post("/api/auth/refresh");
    }

    static Response refreshNative(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", token)).post("/api/auth/refresh");
    }

    /** Whether the router lets this access token through (the routed service answers whatever it answers). */
    static boolean accepted(String accessToken) {
        return given().header("Authorization", "Bearer " + accessToken).get("/api/vehicles").statusCode() != 401;
    }

    @Test
    void aBrowserSignInSetsAStrictHttpOnlySecureCookieOnTheAuthPathOnly() {
        Response r = staffLogin(null);
        r.then().statusCode(200).header("Cache-Control", containsString("no-store"))
                .body("$", not(hasKey("refreshToken")));
        String setCookie = r.getHeader("Set-Cookie");
        assertThat(setCookie).startsWith(SessionHttp.COOKIE + "=").contains("; Path=/api/auth").contains("; HttpOnly")
                .contains("; Secure").contains("; SameSite=Strict").contains("; Max-Age=43200");
        assertThat(r.getCookie(SessionHttp.COOKIE)).matches("[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}");
    }

    @Test
    void aNativeSignInGetsTheRefreshTokenInTheBodyAndNoCookie() {
        Response r = staffLogin("native");
        r.then().statusCode(200);
        assertThat(r.getHeader("Set-Cookie")).isNull();
        assertThat(r.jsonPath().getString("refreshToken")).matches("[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}");
        given().contentType(ContentType.JSON).body(Map.of("username", "admin", "password", ADMIN_PASSWORD, "client", "app"))
                .post("/api/auth/login").then().statusCode(400);
    }

    @Test
    void aRefreshRotatesTheTokenAndIssuesAWorkingAccessTokenOfTheSameSession() throws Exception {
        Response login = staffLogin(null);
        String first = login.getCookie(SessionHttp.COOKIE);
        String sid = verifier.verify(login.jsonPath().getString("accessToken")).getStringClaimValue("sid");
        Response r = refreshWithCookie(first);
        r.then().statusCode(200).body("tokenType", equalTo("Bearer")).body("roles[0]", equalTo("ADMIN"));
        String second = r.getCookie(SessionHttp.COOKIE);
        assertThat(second).isNotEqualTo(first).startsWith(sid + ".");
        String access = r.jsonPath().getString("accessToken");
        assertThat(verifier.verify(access).getStringClaimValue("sid")).isEqualTo(sid);
        assertThat(accepted(access)).isTrue();
        refreshWithCookie(second).then().statusCode(200);
    }

    @Test
    void aRotatedTokenPresentedAfterTheGraceWindowEndsTheWholeSession() throws Exception {
        String first = staffLogin("native").jsonPath().getString("refreshToken");
        Response r = refreshNative(first);
        String second = r.jsonPath().getString("refreshToken");
        String access = r.jsonPath().getString("accessToken");
        assertThat(accepted(access)).isTrue();
        Thread.sleep(2_300); // past the test profile's 2 s grace
        refreshNative(first).then().statusCode(401).contentType("application/problem+json");
        // the family is gone: the newest token and the access tokens of the session too
        refreshNative(second).then().statusCode(401);
        assertThat(accepted(access)).isFalse();
        // another sign-in is a new, independent session
        assertThat(refreshNative(staffLogin("native").jsonPath().getString("refreshToken")).statusCode()).isEqualTo(200);
    }

    @Test
    void twoTabsRefreshingAtOnceBothStaySignedInWithOneNewToken() throws Exception {
        String first = staffLogin(null).getCookie(SessionHttp.COOKIE);
        int tabs = 4;
        ExecutorService pool = Executors.newFixedThreadPool(tabs);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < tabs; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return refreshWithCookie(first);
            }));
        }
        go.countDown();
        List<String> tokens = new ArrayList<>();
        for (Future<Response> f : answers) {
            Response r = f.get();
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            assertThat(accepted(r.jsonPath().getString("accessToken"))).isTrue();
            tokens.add(r.getCookie(SessionHttp.COOKIE));
        }
        pool.shutdown();
        assertThat(tokens).doesNotContainNull().allMatch(t -> t.equals(tokens.get(0)));
        // the one new token goes on working; the session was not ended
        refreshWithCookie(tokens.get(0)).then().statusCode(200);
    }

    @Test
    void staffSessionsEndTwelveHoursAfterSignInWhateverTheUse() {
        String token = staffLogin("native").jsonPath().getString("refreshToken");
        UUID id = UUID.fromString(token.substring(0, 36));
        Instant expires = expiresAt(id);
        assertThat(Duration.between(createdAt(id), expires)).isEqualTo(Duration.ofHours(12));
        String next = refreshNative(token).jsonPath().getString("refreshToken");
        assertThat(expiresAt(id)).isEqualTo(expires); // refreshing does not extend it
        setExpiry(id, Instant.now().minusSeconds(1));
        refreshNative(next).then().statusCode(401);
    }

    @Test
    void ownerSessionsLastThirtyDaysFromTheLastUse() {
        Sessions.Issued s = sessions.start(UUID.randomUUID().toString(), Sessions.Kind.OWNER);
        assertThat(s.lifetime()).isEqualTo(Duration.ofDays(30));
        setExpiry(s.sessionId(), Instant.now().plus(Duration.ofDays(1))); // used 29 days ago
        Response r = refreshWithCookie(s.refreshToken());
        r.then().statusCode(200).body("roles[0]", equalTo("OWNER"));
        assertThat(r.getHeader("Set-Cookie")).contains("Max-Age=2592000");
        assertThat(Duration.between(Instant.now(), expiresAt(s.sessionId())).toHours()).isBetween(719L, 720L);
        setExpiry(s.sessionId(), Instant.now().minusSeconds(1)); // 30 days without use
        refreshWithCookie(r.getCookie(SessionHttp.COOKIE)).then().statusCode(401);
    }

    @Test
    void logoutEndsTheSessionItsRefreshTokenAndItsAccessTokens() {
        Response login = staffLogin(null);
        String cookie = login.getCookie(SessionHttp.COOKIE);
        String access = login.jsonPath().getString("accessToken");
        Response out = given().header("Authorization", "Bearer " + access).cookie(SessionHttp.COOKIE, cookie)
                .post("/api/auth/logout");
        out.then().statusCode(204);
        assertThat(out.getHeader("Set-Cookie")).contains(SessionHttp.COOKIE + "=;").contains("Max-Age=0");
        refreshWithCookie(cookie).then().statusCode(401);
        assertThat(accepted(access)).isFalse();
        given().post("/api/auth/logout").then().statusCode(401);
    }

    @Test
    void garbageUnknownAndMissingRefreshTokensAre401() {
        given().post("/api/auth/refresh").then().statusCode(401).contentType("application/problem+json");
        refreshWithCookie("nonsense").then().statusCode(401);
        refreshWithCookie(UUID.randomUUID() + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").then().statusCode(401);
        refreshNative("x".repeat(300)).then().statusCode(401);
    }

    private Instant expiresAt(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Sessions.instant(em.createNativeQuery(
                "SELECT expires_at FROM auth_session WHERE id = ?1").setParameter(1, id).getSingleResult()));
    }

    private Instant createdAt(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Sessions.instant(em.createNativeQuery(
                "SELECT created_at FROM auth_session WHERE id = ?1").setParameter(1, id).getSingleResult()));
    }

    private void setExpiry(UUID id, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE auth_session SET expires_at = ?2 WHERE id = ?1").setParameter(1, id)
                .setParameter(2, Timestamp.from(at)).executeUpdate());
    }
}
