package cn.ebike.gateway.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Ending every session of a subject (SERVICE only), on this replica at once and on the others through Redis. */
@QuarkusTest
class RevocationTest extends GatewayTestBase {

    @Inject
    Sessions sessions;

    @Inject
    Revocations revocations;

    static String ownerToken(String ownerId, UUID sessionId) {
        return Tokens.sign(Tokens.claims(ownerId, "OWNER").claim("sid", sessionId.toString()));
    }

    static Response revoke(String bearer, String subject) {
        var req = given().contentType(ContentType.JSON).body(Map.of("subject", subject));
        if (bearer != null) {
            req.header("Authorization", bearer);
        }
        return req.post("/api/auth/sessions/revocations");
    }

    @Test
    void aServiceEndsEverySessionOfASubjectAndItsAccessTokensStopAtOnce() throws Exception {
        String owner = UUID.randomUUID().toString();
        Sessions.Issued phone = sessions.start(owner, Sessions.Kind.OWNER);
        Sessions.Issued tablet = sessions.start(owner, Sessions.Kind.OWNER);
        String access = ownerToken(owner, phone.sessionId());
        assertThat(SessionTest.accepted(access)).isTrue();
        Thread.sleep(1_100); // tokens are stamped in whole seconds: this one was issued before the revocation

        revoke(Tokens.bearer("tradein-service", "SERVICE"), owner).then().statusCode(200)
                .body("subject", equalTo(owner)).body("sessionsEnded", equalTo(2));
        assertThat(SessionTest.accepted(access)).isFalse();
        SessionTest.refreshWithCookie(phone.refreshToken()).then().statusCode(401);
        SessionTest.refreshWithCookie(tablet.refreshToken()).then().statusCode(401);

        // signing in again afterwards works: only what was issued before the revocation is refused
        Thread.sleep(1_100);
        Sessions.Issued again = sessions.start(owner, Sessions.Kind.OWNER);
        Response r = SessionTest.refreshWithCookie(again.refreshToken());
        r.then().statusCode(200);
        assertThat(SessionTest.accepted(r.jsonPath().getString("accessToken"))).isTrue();
    }

    @Test
    void registrationServiceObtainsItsOwnServiceTokenAndEndsAnOwnersSessions() {
        // the client registration-service uses after a regulator corrected an owner (PATCH /api/owners/{id})
        String token = given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").formParam("client_id", "registration-service")
                .formParam("client_secret", "test-only-registration-secret")
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
        String owner = UUID.randomUUID().toString();
        Sessions.Issued phone = sessions.start(owner, Sessions.Kind.OWNER);
        revoke("Bearer " + token, owner).then().statusCode(200).body("sessionsEnded", equalTo(1));
        SessionTest.refreshWithCookie(phone.refreshToken()).then().statusCode(401);
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").formParam("client_id", "registration-service")
                .formParam("client_secret", "wrong").post("/api/auth/token").then().statusCode(401);
    }

    @Test
    void onlyServicesMayRevoke() {
        String owner = UUID.randomUUID().toString();
        revoke(null, owner).then().statusCode(401);
        revoke(Tokens.bearer(owner, "OWNER"), owner).then().statusCode(403);
        revoke(Tokens.bearer("admin-" + UUID.randomUUID(), "ADMIN"), owner).then().statusCode(403);
        revoke(Tokens.regulator(), owner).then().statusCode(403);
        revoke(Tokens.bearer("tradein-service", "SERVICE"), "").then().statusCode(400);
    }

    @Test
    void aRevocationMadeByAnotherReplicaArrivesThroughRedisWithinASecondOrTwo() throws Exception {
        String owner = UUID.randomUUID().toString();
        String access = Tokens.sign(Tokens.claims(owner, "OWNER"));
        assertThat(SessionTest.accepted(access)).isTrue();
        Thread.sleep(1_100);
        // what another gateway replica writes when it revokes
        redis.sortedSet(String.class).zadd(Revocations.KEY, Instant.now().getEpochSecond(), Revocations.subject(owner));
        long deadline = System.currentTimeMillis() + 5_000;
        while (SessionTest.accepted(access) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(SessionTest.accepted(access)).isFalse();
    }

    @Test
    void aRedisThatLostItsDataIsRebuiltFromPostgres() throws Exception {
        String owner = UUID.randomUUID().toString();
        revoke(Tokens.bearer("subsidy-service", "SERVICE"), owner).then().statusCode(200);
        redis.key().del(Revocations.KEY); // Redis restarted empty
        assertThat(redis.sortedSet(String.class).zscore(Revocations.KEY, Revocations.subject(owner)).isPresent()).isFalse();
        revocations.rebuild();
        long deadline = System.currentTimeMillis() + 3_000;
        boolean back = false;
        while (!back && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            back = redis.sortedSet(String.class).zscore(Revocations.KEY, Revocations.subject(owner)).isPresent();
        }
        assertThat(back).isTrue();
        assertThat(List.of(revocations.refuses(owner, null, Instant.now().getEpochSecond() - 5))).containsExactly(true);
    }
}
