package cn.ebike.tradein.tradein;

import static cn.ebike.tradein.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.common.validation.ChinaTime;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.Scenario;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** tradein's part of the regulators' figures: per dealer, per district (the dealer's), per day, the funnel. */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class TradeInFiguresTest {

    @InjectWireMock
    WireMockServer wireMock;

    private static JsonPath get(String path, Object... params) {
        var spec = as(Tokens.service());
        for (int i = 0; i < params.length; i += 2) {
            spec = spec.queryParam((String) params[i], params[i + 1]);
        }
        return spec.get(path).then().statusCode(200).extract().jsonPath();
    }

    private static long completedToday(JsonPath series) {
        return series.getList("points.value", Long.class).stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void figuresCountTradeInsByStepDealerDistrictAndDay() {
        String today = LocalDate.now(ChinaTime.ZONE).toString();
        JsonPath funnelBefore = get("/api/trade-ins/figures/funnel", "district", "上城区");
        long seriesBefore = completedToday(get("/api/trade-ins/figures/series", "metric", "tradeInsCompleted",
                "from", today, "to", today, "district", "上城区"));

        Scenario completed = Scenario.fresh(wireMock).ready();
        as(completed.dealerToken()).post(completed.path("/completion")).then().statusCode(200);
        Scenario recycled = Scenario.fresh(wireMock).opened().recycled();
        Scenario cancelled = Scenario.fresh(wireMock).opened();
        as(cancelled.dealerToken()).body(Map.of("reason", "withdrawn")).post(cancelled.path("/cancellation"))
                .then().statusCode(200);

        JsonPath funnel = get("/api/trade-ins/figures/funnel", "district", "上城区");
        assertThat(funnel.getLong("tradeInsOpened") - funnelBefore.getLong("tradeInsOpened")).isEqualTo(3);
        assertThat(funnel.getLong("recycled") - funnelBefore.getLong("recycled")).isEqualTo(2);
        assertThat(funnel.getLong("newVehicleRecorded") - funnelBefore.getLong("newVehicleRecorded")).isEqualTo(1);
        assertThat(funnel.getLong("completed") - funnelBefore.getLong("completed")).isEqualTo(1);
        assertThat(get("/api/trade-ins/figures/funnel", "district", "没有这个区").getLong("tradeInsOpened")).isZero();

        assertThat(completedToday(get("/api/trade-ins/figures/series", "metric", "tradeInsCompleted",
                "from", today, "to", today, "district", "上城区")) - seriesBefore).isEqualTo(1);

        List<Map<String, Object>> dealers = get("/api/trade-ins/figures/dealers").getList("rows");
        Map<String, Object> done = dealers.stream()
                .filter(r -> completed.dealer.toString().equals(r.get("dealerId"))).findFirst().orElseThrow();
        assertThat(done).containsEntry("opened", 1).containsEntry("completed", 1).containsEntry("open", 0)
                .containsEntry("district", "上城区");
        assertThat(((Number) done.get("medianHoursToComplete")).doubleValue()).isGreaterThanOrEqualTo(0.0);
        Map<String, Object> gone = dealers.stream()
                .filter(r -> cancelled.dealer.toString().equals(r.get("dealerId"))).findFirst().orElseThrow();
        assertThat(gone).containsEntry("cancelled", 1).containsEntry("completed", 0)
                .containsEntry("medianHoursToComplete", null);
        assertThat(recycled.tradeIn).isNotNull();

        Map<String, Object> district = get("/api/trade-ins/figures/districts").<Map<String, Object>>getList("rows")
                .stream().filter(r -> "上城区".equals(r.get("district"))).findFirst().orElseThrow();
        assertThat(((Number) district.get("tradeInsCompleted")).longValue()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void onlyRegulatorsAndServicesReadFiguresAndBadParametersAre400() {
        as(Tokens.dealer(java.util.UUID.randomUUID())).get("/api/trade-ins/figures/funnel").then().statusCode(403);
        as(Tokens.regulator()).get("/api/trade-ins/figures/funnel").then().statusCode(200);
        as(Tokens.regulator()).queryParam("metric", "x").get("/api/trade-ins/figures/series").then().statusCode(400);
        as(Tokens.regulator()).queryParam("metric", "tradeInsCompleted").queryParam("interval", "year")
                .get("/api/trade-ins/figures/series").then().statusCode(400);
    }
}
