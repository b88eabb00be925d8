package cn.ebike.gateway.proxy;

import static cn.ebike.gateway.support.WireMockServices.registration;
import static cn.ebike.gateway.support.WireMockServices.tradein;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RateLimitTest extends GatewayTestBase {

    @Test
    void anonymousCallsFromOneAddressAreLimitedTo120AMinute() {
        registration.stubFor(post(urlEqualTo("/api/plates/verify")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"valid\":true}")));
        awaitFreshWindow();
        for (int i = 0; i < 120; i++) {
            given().contentType(ContentType.JSON).body("{\"qrPayload\":\"p\"}").post("/api/plates/verify")
                    .then().statusCode(200);
        }
        String retryAfter = given().contentType(ContentType.JSON).body("{\"qrPayload\":\"p\"}")
                .post("/api/plates/verify").then().statusCode(429).contentType("application/problem+json")
                .extract().header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L);
        registration.verify(120, postRequestedFor(urlEqualTo("/api/plates/verify")));
        // login shares the anonymous budget of the address
        given().contentType(ContentType.JSON).body("{\"username\":\"admin\",\"password\":\"x\"}")
                .post("/api/auth/login").then().statusCode(429);
        // and so does a dealer's public credit card (issue 14)
        given().get("/api/dealers/3f2b8c1e-0d4a-4f6b-9a7e-1c2d3e4f5a6b/public").then().statusCode(429);
    }

    /**
     * The limits count per fixed minute: 121 calls that straddle a minute boundary are two budgets. On a
     * loaded machine 121 calls can take tens of seconds, so start them early in a minute.
     */
    static void awaitFreshWindow() {
        long intoWindow = System.currentTimeMillis() % 60_000;
        if (intoWindow > 20_000) {
            try {
                Thread.sleep(60_000 - intoWindow + 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void refusedTokensCountAgainstTheAddressSoTheyCannotBeSprayed() {
        String valid = Tokens.regulator(); // signed first: it reads the jwks, an anonymous call
        awaitFreshWindow();
        redis.key().del(redis.key().keys("gateway:rl:*").toArray(String[]::new));
        rateLimiter.forgetLocalState();
        for (int i = 0; i < 120; i++) {
            given().header("Authorization", "Bearer not-a-token-" + i).get("/api/dealers").then().statusCode(401);
        }
        given().header("Authorization", "Bearer not-a-token").get("/api/dealers").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // a valid token is judged by its own subject's budget, not the address's
        tradein.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        given().header("Authorization", valid).get("/api/dealers").then().statusCode(200);
    }

    @Test
    void signedInCallsAreLimitedPerSubject() {
        tradein.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        long window = 60_000;
        long index = System.currentTimeMillis() / window;
        // this subject has already spent its 6,000 calls in the current minute
        redis.value(Long.class).set("gateway:rl:{sub:busy-regulator}:" + index, 6000L);
        String retryAfter = given().header("Authorization", Tokens.bearer("busy-regulator", "REGULATOR"))
                .get("/api/dealers").then().statusCode(429).extract().header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L);
        given().header("Authorization", Tokens.bearer("quiet-regulator", "REGULATOR"))
                .get("/api/dealers").then().statusCode(200);
        // one call under the limit still passes
        redis.value(Long.class).set("gateway:rl:{sub:busy-regulator}:" + index, 5998L);
        redis.key().del("gateway:rl:{sub:busy-regulator}:" + (index - 1));
        rateLimiter.forgetLocalState(); // this replica remembered the refusal for up to a second
        given().header("Authorization", Tokens.bearer("busy-regulator", "REGULATOR"))
                .get("/api/dealers").then().statusCode(200);
    }
}
