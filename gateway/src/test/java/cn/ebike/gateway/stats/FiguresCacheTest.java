package cn.ebike.gateway.stats;

import static cn.ebike.gateway.support.WireMockServices.registration;
import static cn.ebike.gateway.support.WireMockServices.tradein;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.empty;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

/** The gateway's figures cache: hits, {@code Cache-Control: no-cache}, the key, expiry, partial answers. */
@QuarkusTest
@TestProfile(FiguresCacheTest.Cached.class)
class FiguresCacheTest extends GatewayTestBase {

    /** The production default (30 s) instead of the module tests' "no cache". */
    public static class Cached implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // and a stats timeout for a loaded test machine: a late answer would be partial, and partial answers
            // are not kept
            return Map.of("gateway.stats.cache-ttl", "PT30S", "gateway.stats.timeout", "PT10S");
        }
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static void stub(int filed) {
        registration.stubFor(get(urlPathEqualTo("/api/vehicles/figures/districts")).willReturn(json(
                "{\"rows\":[{\"district\":\"西湖区\",\"filed\":" + filed + ",\"scrapped\":1}]}")));
        tradein.stubFor(get(urlPathEqualTo("/api/trade-ins/figures/districts")).willReturn(json(
                "{\"rows\":[{\"district\":\"西湖区\",\"tradeInsCompleted\":1,\"recycled\":1}]}")));
    }

    private static int filed(String query, String cacheControl) {
        var r = given().header("Authorization", Tokens.regulator());
        if (cacheControl != null) {
            r = r.header("Cache-Control", cacheControl);
        }
        return r.get("/api/stats/completion" + query).then().statusCode(200).extract().path("total.filed");
    }

    private static int asked() {
        return registration.findAll(getRequestedFor(urlPathEqualTo("/api/vehicles/figures/districts"))).size();
    }

    @Test
    void aRepeatedQuestionIsAnsweredFromTheCacheUntilNoCacheAsksAgain() {
        String q = "?groupBy=district&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z";
        stub(100);
        assertThat(filed(q, null)).isEqualTo(100);
        stub(200); // the service's answer changes; the cache still holds the first one
        assertThat(filed(q, null)).isEqualTo(100);
        assertThat(asked()).isEqualTo(1);
        // no-cache bypasses the cache and refreshes it
        assertThat(filed(q, "no-cache")).isEqualTo(200);
        assertThat(asked()).isEqualTo(2);
        assertThat(filed(q, null)).isEqualTo(200);
        assertThat(asked()).isEqualTo(2);
        // every query parameter is part of the key: another range, another format, another order of values
        assertThat(filed("?groupBy=district&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", null)).isEqualTo(200);
        assertThat(asked()).isEqualTo(3);
        given().header("Authorization", Tokens.regulator()).get("/api/stats/completion" + q + "&format=csv")
                .then().statusCode(200);
        assertThat(asked()).isEqualTo(4);
    }

    @Test
    void anAnswerThatNamesAnUnavailableServiceIsNotKept() {
        String q = "?groupBy=district&from=2025-01-01T00:00:00Z";
        registration.stubFor(get(urlPathEqualTo("/api/vehicles/figures/districts")).willReturn(json(
                "{\"rows\":[{\"district\":\"西湖区\",\"filed\":7,\"scrapped\":1}]}")));
        tradein.stubFor(get(urlPathEqualTo("/api/trade-ins/figures/districts")).willReturn(aResponse().withStatus(500)));
        given().header("Authorization", Tokens.regulator()).get("/api/stats/completion" + q)
                .then().statusCode(200).body("unavailable", hasItem("tradein-service"));
        int before = asked();
        stub(7);
        given().header("Authorization", Tokens.regulator()).get("/api/stats/completion" + q)
                .then().statusCode(200).body("unavailable", empty());
        assertThat(asked()).isEqualTo(before + 1); // asked again: the partial answer was not kept
    }

    @Test
    void theKeyHoldsEveryParameterValueAndTheRoles() {
        String a = FiguresCache.key("/api/stats/series", Map.of("metric", List.of("fenPaid"), "district",
                List.of("西湖区")), List.of("REGULATOR"));
        String b = FiguresCache.key("/api/stats/series", Map.of("district", List.of("西湖区"), "metric",
                List.of("fenPaid")), List.of("REGULATOR"));
        assertThat(a).isEqualTo(b); // the order of the parameters does not matter
        assertThat(FiguresCache.key("/api/stats/series", Map.of("metric", List.of("fenPaid")), List.of("REGULATOR")))
                .isNotEqualTo(a);
        assertThat(FiguresCache.key("/api/stats/series", Map.of("metric", List.of("fenPaid"), "district",
                List.of("西湖区")), List.of("ADMIN", "REGULATOR"))).isNotEqualTo(a);
        // values cannot run into each other
        assertThat(FiguresCache.key("/p", Map.of("a", List.of("1&b=2")), List.of()))
                .isNotEqualTo(FiguresCache.key("/p", Map.of("a", List.of("1"), "b", List.of("2")), List.of()));
    }

    @Test
    void anEntryExpiresAfterItsTtl() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now.get();
            }
        };
        FiguresCache cache = new FiguresCache(Duration.ofSeconds(30), clock);
        int[] computed = {0};
        java.util.function.Supplier<Uni<String>> compute = () -> Uni.createFrom().item("v" + ++computed[0]);
        assertThat(cache.get("k", false, compute).await().indefinitely()).isEqualTo("v1");
        now.set(now.get().plusSeconds(29));
        assertThat(cache.get("k", false, compute).await().indefinitely()).isEqualTo("v1");
        now.set(now.get().plusSeconds(1));
        assertThat(cache.get("k", false, compute).await().indefinitely()).isEqualTo("v2");
        assertThat(new FiguresCache(Duration.ZERO, clock).get("k", false, compute).await().indefinitely())
                .isEqualTo("v3"); // zero: no cache at all
    }
}
