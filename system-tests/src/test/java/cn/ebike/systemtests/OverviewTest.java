package cn.ebike.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Api.Owner;
import cn.ebike.systemtests.harness.Api.Phase;
import cn.ebike.systemtests.harness.Api.TradeIn;
import cn.ebike.systemtests.harness.Ids;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.Suite.Service;
import cn.ebike.systemtests.harness.Summary;
import cn.ebike.systemtests.harness.SuiteExtension;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The regulator's overview: its figures move by exactly what this scenario created, agree with each
 * service's own stats, and a service that does not answer is named while the rest still comes back.
 */
@Order(6)
@ExtendWith(SuiteExtension.class)
class OverviewTest {

    @Test
    void theOverviewCountsExactlyWhatTheScenarioCreated(Api api) {
        JsonPath before = overview(api);

        String district = "余杭区";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String campaignId = api.campaign(district, Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Phase("当期", now.minus(1, ChronoUnit.HOURS), now.plus(2, ChronoUnit.HOURS), 30_000, 50)));
        Dealer full = api.dealer(district, true);
        api.as(api.regulator()).body(Map.of("name", "未签约车行", "uscc", Ids.uscc(), "address", "良渚路 1 号",
                "district", district, "contactPhone", Ids.phone())).post("/api/dealers").then().statusCode(201);
        Owner owner = api.owner(full);
        String bike1 = api.filedBike(owner);
        String bike2 = api.filedBike(owner);
        TradeIn done = api.readyTradeIn(full, owner, bike1);
        api.complete(full, done.id()).then().statusCode(200);
        String cancelled = api.openTradeIn(full, owner, bike2);
        api.as(api.token(full)).body(Map.of("reason", "车主改变主意")).post("/api/trade-ins/" + cancelled + "/cancellation")
                .then().statusCode(200);
        Api.await("the overview's claim", Duration.ofSeconds(60),
                () -> Boolean.TRUE.equals(api.tradeIn(done.id()).getBoolean("claimDelivered")));

        JsonPath after = overview(api);
        assertThat(after.getList("unavailable")).isEmpty();
        assertDelta(before, after, "dealers.total", 2);
        assertDelta(before, after, "dealers.commitmentSigned", 1);
        assertDelta(before, after, "dealers.tradeInEnabled", 1);
        assertDelta(before, after, "dealers.authorizedAgents", 1);
        assertDelta(before, after, "vehicles.filedNonStandard", 2);
        assertDelta(before, after, "vehicles.filedNonStandardScrapped", 1);
        assertDelta(before, after, "vehicles.compliantRegistered", 1);
        assertDelta(before, after, "vehicles.platesIssued", 1);
        assertDelta(before, after, "vehicles.platesActive", 1);
        assertDelta(before, after, "tradeIns.completed", 1);
        assertDelta(before, after, "tradeIns.cancelled", 1);
        assertDelta(before, after, "tradeIns.open", 0);

        double filed = after.getDouble("vehicles.filedNonStandard");
        double scrapped = after.getDouble("vehicles.filedNonStandardScrapped");
        assertThat(after.getDouble("completionRate")).isCloseTo(scrapped / filed, within(0.00005 + 1e-12));
        double dealers = after.getDouble("dealers.total");
        assertThat(after.getDouble("dealers.activationRate"))
                .isCloseTo(after.getDouble("dealers.tradeInEnabled") / dealers, within(0.00005 + 1e-12));

        List<Map<String, Object>> campaigns = after.getList("campaigns");
        Map<String, Object> mine = campaigns.stream().filter(c -> campaignId.equals(c.get("id")))
                .findFirst().orElseThrow(() -> new AssertionError("campaign " + campaignId + " missing from the overview"));
        JsonPath own = JsonPath.from(api.as(api.regulator()).get("/api/campaigns/" + campaignId + "/stats").asString());
        assertThat(JsonPath.from(toJson(mine)).getInt("phases[0].granted")).isEqualTo(1).isEqualTo(own.getInt("phases[0].granted"));
        assertThat(JsonPath.from(toJson(mine)).getLong("phases[0].grantedFen")).isEqualTo(30_000L);

        // each service's own stats agree with the composed figures
        JsonPath vehicles = api.as(api.regulator()).get("/api/vehicles/stats").then().statusCode(200).extract().jsonPath();
        assertThat(vehicles.getInt("filedNonStandard")).isEqualTo(after.getInt("vehicles.filedNonStandard"));
        JsonPath tradeIns = api.as(api.regulator()).get("/api/trade-ins/stats").then().statusCode(200).extract().jsonPath();
        assertThat(tradeIns.getInt("tradeInsCompleted")).isEqualTo(after.getInt("tradeIns.completed"));
        Summary.line("overview: deltas match the scenario (2 dealers, 2 filed bikes, 1 scrapped, 1 completed, 1 cancelled); completionRate %.4f",
                after.getDouble("completionRate"));
    }

    @Test
    void aServiceThatDoesNotAnswerIsNamedAndTheRestStillComesBack(Api api, Suite suite) {
        suite.stop(Service.TRADEIN);
        try {
            JsonPath partial = api.as(api.regulator()).get("/api/stats/overview").then().statusCode(200).extract().jsonPath();
            assertThat(partial.getList("unavailable", String.class)).containsExactly("tradein-service");
            assertThat(partial.getInt("vehicles.filedNonStandard")).isPositive();
            assertThat(partial.getList("campaigns")).isNotEmpty();
        } finally {
            suite.restart(Service.TRADEIN);
        }
        assertThat(overview(api).getList("unavailable")).isEmpty();
        Summary.line("overview: with tradein-service stopped → 200, unavailable [tradein-service], the rest present");
    }

    /**
     * The complete overview. A service that was just (re)started may miss the overview's 3-second budget
     * with its first, cold answers on a busy machine; the figures are compared once every part answers.
     */
    private static JsonPath overview(Api api) {
        JsonPath[] last = new JsonPath[1];
        Api.await("an overview with every service answering", Duration.ofSeconds(60), () -> {
            last[0] = api.as(api.regulator()).get("/api/stats/overview").then().statusCode(200).extract().jsonPath();
            return last[0].getList("unavailable").isEmpty();
        });
        return last[0];
    }

    private static void assertDelta(JsonPath before, JsonPath after, String path, int delta) {
        assertThat(after.getLong(path) - before.getLong(path)).as(path).isEqualTo(delta);
    }

    private static String toJson(Object o) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
