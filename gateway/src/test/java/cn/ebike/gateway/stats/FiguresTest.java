package cn.ebike.gateway.stats;

import static cn.ebike.gateway.support.WireMockServices.registration;
import static cn.ebike.gateway.support.WireMockServices.subsidy;
import static cn.ebike.gateway.support.WireMockServices.tradein;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.nullValue;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import cn.ebike.gateway.support.WireMockServices;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway composes the services' parts of the regulators' figures (services stubbed at the HTTP level). */
@QuarkusTest
class FiguresTest extends GatewayTestBase {

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static void stubDistricts() {
        registration.stubFor(get(urlPathEqualTo("/api/vehicles/figures/districts")).willReturn(json("""
                {"rows":[{"district":"上城区","filed":200,"scrapped":50},{"district":"西湖区","filed":100,"scrapped":10}]}""")));
        tradein.stubFor(get(urlPathEqualTo("/api/trade-ins/figures/districts")).willReturn(json("""
                {"rows":[{"district":"西湖区","tradeInsCompleted":9,"recycled":10},{"district":"滨江区","tradeInsCompleted":1,"recycled":1}]}""")));
    }

    @Test
    void completionByDistrictJoinsFiledScrappedAndCompletedTradeIns() {
        stubDistricts();
        String bearer = Tokens.regulator();
        JsonPath body = given().header("Authorization", bearer).get("/api/stats/completion?groupBy=district")
                .then().statusCode(200).body("unavailable", empty()).extract().jsonPath();
        assertThat(body.getList("rows.key", String.class)).containsExactly("上城区", "滨江区", "西湖区");
        assertThat(body.getMap("rows[2]")).containsEntry("filed", 100).containsEntry("scrapped", 10)
                .containsEntry("tradeInsCompleted", 9).containsEntry("completionRate", 0.1f);
        assertThat(body.getMap("rows[1]")).containsEntry("filed", 0).containsEntry("tradeInsCompleted", 1);
        assertThat(body.getMap("total")).containsEntry("filed", 300).containsEntry("scrapped", 60)
                .containsEntry("tradeInsCompleted", 10).containsEntry("completionRate", 0.2f);
        registration.verify(getRequestedFor(urlPathEqualTo("/api/vehicles/figures/districts"))
                .withHeader("Authorization", equalTo(bearer)));
    }

    @Test
    void aDeadServiceIsNamedAndItsColumnsAreNull() {
        stubDistricts();
        WireMockServices.kill(tradein);
        given().header("Authorization", Tokens.regulator()).get("/api/stats/completion").then().statusCode(200)
                .body("unavailable", contains("tradein-service"))
                .body("rows[0].tradeInsCompleted", nullValue())
                .body("rows[0].filed", org.hamcrest.Matchers.equalTo(200));
        given().header("Authorization", Tokens.regulator()).get("/api/stats/series?metric=tradeInsCompleted")
                .then().statusCode(503).contentType("application/problem+json");
    }

    @Test
    void aSeriesHasEveryDayInChinaTimeWithZeros() {
        // 2026-06-02 00:00 in China is 2026-06-01T16:00:00Z
        tradein.stubFor(get(urlPathEqualTo("/api/trade-ins/figures/series")).willReturn(json("""
                {"points":[{"t":"2026-06-01T16:00:00Z","value":7}]}""")));
        JsonPath body = given().header("Authorization", Tokens.regulator())
                .get("/api/stats/series?metric=tradeInsCompleted&interval=day&from=2026-06-01&to=2026-06-03")
                .then().statusCode(200).extract().jsonPath();
        assertThat(body.getList("points.t", String.class))
                .containsExactly("2026-05-31T16:00:00Z", "2026-06-01T16:00:00Z", "2026-06-02T16:00:00Z");
        assertThat(body.getList("points.value", Integer.class)).containsExactly(0, 7, 0);
        tradein.verify(getRequestedFor(urlPathEqualTo("/api/trade-ins/figures/series"))
                .withQueryParam("from", equalTo("2026-05-31T16:00:00Z")).withQueryParam("to", equalTo("2026-06-03T16:00:00Z")));

        byte[] csv = given().header("Authorization", Tokens.regulator())
                .get("/api/stats/series?metric=tradeInsCompleted&interval=day&from=2026-06-01&to=2026-06-03&format=csv")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asByteArray();
        assertThat(new byte[] {csv[0], csv[1], csv[2]}).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(csv, StandardCharsets.UTF_8).substring(1))
                .isEqualTo("t,value\r\n2026-05-31T16:00:00Z,0\r\n2026-06-01T16:00:00Z,7\r\n2026-06-02T16:00:00Z,0\r\n");
    }

    @Test
    void theDealerTableSortsPagesAndExports() {
        tradein.stubFor(get(urlPathEqualTo("/api/trade-ins/figures/dealers")).willReturn(json("""
                {"rows":[
                 {"dealerId":"d1","name":"甲车行","district":"西湖区","opened":10,"open":1,"completed":8,"cancelled":1,"recycled":9,"medianHoursToComplete":20.5},
                 {"dealerId":"d2","name":"乙车行","district":"上城区","opened":4,"open":0,"completed":2,"cancelled":2,"recycled":2,"medianHoursToComplete":3.0},
                 {"dealerId":"d3","name":"=丙车行","district":"上城区","opened":0,"open":0,"completed":0,"cancelled":0,"recycled":0,"medianHoursToComplete":null}]}""")));
        subsidy.stubFor(get(urlPathEqualTo("/api/subsidies/figures/dealers")).willReturn(json("""
                {"rows":[{"dealerId":"d1","granted":7,"paid":6,"grantedFen":210000}]}""")));
        JsonPath page = given().header("Authorization", Tokens.regulator())
                .get("/api/stats/dealers?sort=-cancellationRate&size=2").then().statusCode(200).extract().jsonPath();
        assertThat(page.getInt("total")).isEqualTo(3);
        assertThat(page.getList("items.dealerId", String.class)).containsExactly("d2", "d1");
        Map<String, Object> d1 = page.getMap("items[1]");
        assertThat(d1).containsEntry("granted", 7).containsEntry("cancellationRate", 0.1f)
                .containsEntry("creditGrade", null).containsEntry("medianHoursToComplete", 20.5f);
        assertThat(given().header("Authorization", Tokens.regulator()).get("/api/stats/dealers?sort=-cancellationRate&size=2&page=1")
                .then().statusCode(200).extract().jsonPath().getList("items.dealerId", String.class)).containsExactly("d3");
        given().header("Authorization", Tokens.regulator()).get("/api/stats/dealers?sort=nonsense").then().statusCode(400);

        String csv = new String(given().header("Authorization", Tokens.regulator()).get("/api/stats/dealers?format=csv")
                .then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        List<String> lines = List.of(csv.substring(1).split("\r\n"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("d1,甲车行,西湖区,10,8,1,1,20.5,0.1000,7,210000,6,,");
        assertThat(csv).contains(",'=丙车行,"); // a spreadsheet formula stays text
    }

    @Test
    void theDealerTableCountsEachDealersSignalsOnlyWhenEveryServiceAnswered() {
        tradein.stubFor(get(urlPathEqualTo("/api/trade-ins/figures/dealers")).willReturn(json("""
                {"rows":[
                 {"dealerId":"d1","name":"甲车行","district":"西湖区","opened":1,"open":1,"completed":0,"cancelled":0,"recycled":0},
                 {"dealerId":"d2","name":"乙车行","district":"上城区","opened":1,"open":1,"completed":0,"cancelled":0,"recycled":0}]}""")));
        subsidy.stubFor(get(urlPathEqualTo("/api/subsidies/figures/dealers")).willReturn(json("{\"rows\":[]}")));
        tradein.stubFor(get(urlPathEqualTo("/api/trade-ins/figures/signals")).willReturn(json("""
                [{"type":"FAST_COMPLETION","subject":"d1","evidence":"x","firstSeen":"2026-06-02T01:00:00Z","count":2},
                 {"type":"RECEIPT_REUSE_ATTEMPT","subject":"d1","evidence":"y","firstSeen":"2026-06-03T01:00:00Z","count":1}]""")));
        registration.stubFor(get(urlPathEqualTo("/api/vehicles/figures/signals")).willReturn(json("""
                [{"type":"OWNER_CORRECTED_AFTER_DEALER_ENTRY","subject":"d2","evidence":"z","firstSeen":"2026-06-01T01:00:00Z","count":1}]""")));
        subsidy.stubFor(get(urlPathEqualTo("/api/subsidies/figures/signals")).willReturn(json("[]")));
        JsonPath all = given().header("Authorization", Tokens.regulator()).get("/api/stats/dealers?sort=-signals")
                .then().statusCode(200).body("unavailable", empty()).extract().jsonPath();
        assertThat(all.getList("items.dealerId", String.class)).containsExactly("d1", "d2");
        assertThat(all.getList("items.signals", Integer.class)).containsExactly(2, 1);

        WireMockServices.kill(registration);
        JsonPath partial = given().header("Authorization", Tokens.regulator()).get("/api/stats/dealers")
                .then().statusCode(200).body("unavailable", contains("registration-service")).extract().jsonPath();
        assertThat(partial.getList("items.signals")).containsOnlyNulls();
    }

    @Test
    void theFunnelJoinsTheThreeServices() {
        registration.stubFor(get(urlPathEqualTo("/api/vehicles/figures/funnel")).willReturn(json("{\"filed\":100}")));
        tradein.stubFor(get(urlPathEqualTo("/api/trade-ins/figures/funnel")).willReturn(json(
                "{\"tradeInsOpened\":20,\"recycled\":15,\"newVehicleRecorded\":12,\"completed\":10}")));
        subsidy.stubFor(get(urlPathEqualTo("/api/subsidies/figures/funnel")).willReturn(json("{\"granted\":9,\"paid\":7}")));
        given().header("Authorization", Tokens.regulator()).get("/api/stats/funnel?district=西湖区").then().statusCode(200)
                .body("filed", org.hamcrest.Matchers.equalTo(100)).body("tradeInsOpened", org.hamcrest.Matchers.equalTo(20))
                .body("completed", org.hamcrest.Matchers.equalTo(10)).body("paid", org.hamcrest.Matchers.equalTo(7))
                .body("unavailable", empty());
        subsidy.verify(getRequestedFor(urlPathEqualTo("/api/subsidies/figures/funnel"))
                .withQueryParam("district", equalTo("西湖区")));
        given().header("Authorization", Tokens.regulator()).get("/api/stats/funnel?campaignId=x").then().statusCode(400);
    }

    @Test
    void theAuditReportNamesABrokenChainAndAnUnavailableService() {
        registration.stubFor(get(urlPathEqualTo("/api/vehicles/figures/audit")).willReturn(json("""
                {"service":"registration-service","entries":12,"intact":false,"firstBrokenAt":7,"firstBrokenId":"7",
                 "problem":"the entry's content or hash was changed","unsealed":0,"head":"ab"}""")));
        tradein.stubFor(get(urlPathEqualTo("/api/trade-ins/figures/audit")).willReturn(json("""
                {"service":"tradein-service","entries":3,"intact":true,"firstBrokenAt":null,"unsealed":0}""")));
        WireMockServices.kill(subsidy);
        JsonPath body = given().header("Authorization", Tokens.regulator()).get("/api/stats/audit").then()
                .statusCode(200).extract().jsonPath();
        assertThat(body.getList("service", String.class))
                .containsExactly("registration-service", "tradein-service", "subsidy-service", "gateway");
        assertThat(body.getInt("[0].firstBrokenAt")).isEqualTo(7);
        assertThat(body.getBoolean("[0].intact")).isFalse();
        assertThat(body.getBoolean("[1].intact")).isTrue();
        assertThat(body.getString("[2].intact")).isNull();
        assertThat(body.getList("unavailable", Boolean.class)).containsExactly(false, false, true, false);
    }

    @Test
    void signalsOfAllServicesAreMergedNewestFirstAndADeadServiceIsNamedInAHeader() {
        registration.stubFor(get(urlPathEqualTo("/api/vehicles/figures/signals")).willReturn(json("""
                [{"type":"SHARED_PHONE","subject":"138****0000","evidence":"3 位车主共用同一手机号","firstSeen":"2026-06-01T01:00:00Z","count":3}]""")));
        tradein.stubFor(get(urlPathEqualTo("/api/trade-ins/figures/signals")).willReturn(json("""
                [{"type":"FAST_COMPLETION","subject":"d-1","evidence":"经销商「甲」有 2 笔","firstSeen":"2026-06-02T01:00:00Z","count":2}]""")));
        subsidy.stubFor(get(urlPathEqualTo("/api/subsidies/figures/signals")).willReturn(json("[]")));
        String bearer = Tokens.regulator();
        var ok = given().header("Authorization", bearer).get("/api/stats/signals").then().statusCode(200)
                .header("X-Unavailable-Services", nullValue()).extract();
        assertThat(ok.jsonPath().getList("type", String.class)).containsExactly("FAST_COMPLETION", "SHARED_PHONE");
        assertThat(ok.jsonPath().getInt("[1].count")).isEqualTo(3);
        tradein.verify(getRequestedFor(urlPathEqualTo("/api/trade-ins/figures/signals"))
                .withHeader("Authorization", equalTo(bearer)));
        String csv = new String(given().header("Authorization", bearer).get("/api/stats/signals?format=csv").then()
                .statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        assertThat(csv).contains("type,subject,evidence,firstSeen,count").contains("SHARED_PHONE");

        WireMockServices.kill(tradein);
        var partial = given().header("Authorization", bearer).get("/api/stats/signals").then().statusCode(200)
                .header("X-Unavailable-Services", "tradein-service").extract();
        assertThat(partial.jsonPath().getList("type", String.class)).containsExactly("SHARED_PHONE");
    }

    @Test
    void onlyRegulatorsSeeTheFigures() {
        for (String path : List.of("/api/stats/completion", "/api/stats/series?metric=platesIssued", "/api/stats/funnel",
                "/api/stats/dealers", "/api/stats/audit", "/api/stats/signals")) {
            given().header("Authorization", Tokens.bearer("dealer-1", "DEALER")).get(path).then().statusCode(403);
            given().get(path).then().statusCode(401);
        }
        given().header("Authorization", Tokens.regulator()).get("/api/stats/completion?groupBy=owner").then().statusCode(400);
        given().header("Authorization", Tokens.regulator()).get("/api/stats/series?metric=x").then().statusCode(400);
    }
}
