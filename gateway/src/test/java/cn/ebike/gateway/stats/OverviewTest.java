package cn.ebike.gateway.stats;

import static cn.ebike.gateway.support.WireMockServices.registration;
import static cn.ebike.gateway.support.WireMockServices.subsidy;
import static cn.ebike.gateway.support.WireMockServices.tradein;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import cn.ebike.gateway.support.WireMockServices;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OverviewTest extends GatewayTestBase {

    @BeforeEach
    void stubServices() {
        registration.stubFor(get(urlEqualTo("/api/vehicles/stats")).willReturn(json("""
                {"filedNonStandard":180000,"filedNonStandardScrapped":3500,"compliantRegistered":45000,
                 "platesActive":44000,"platesIssued":45200}""")));
        tradein.stubFor(get(urlEqualTo("/api/trade-ins/stats")).willReturn(json("""
                {"dealers":272,"commitmentSigned":272,"tradeInEnabled":264,"activationRate":0.9706,
                 "authorizedAgents":234,"tradeInsOpen":120,"tradeInsCompleted":3500,"tradeInsCancelled":12}""")));
        subsidy.stubFor(get(urlPathEqualTo("/api/campaigns")).willReturn(json("""
                {"items":[{"id":"c1","name":"2026 trade-in","district":"西湖区","filedBefore":"2026-05-31T16:00:00Z","phases":[]}],
                 "page":0,"size":200,"total":1}""")));
        subsidy.stubFor(get(urlEqualTo("/api/campaigns/c1/stats")).willReturn(json("""
                {"phases":[{"phaseId":"p1","name":"June","amountFen":30000,"quota":2560,"granted":2000,"remaining":560,
                 "paid":1900,"failed":3,"grantedFen":60000000,"paidFen":57000000}],"rejected":{"QUOTA_EXHAUSTED":4}}""")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Test
    void composesTheThreeServicesWithTheCompletionRate() {
        String bearer = Tokens.regulator();
        given().header("Authorization", bearer).get("/api/stats/overview").then().statusCode(200)
                .body("dealers.total", org.hamcrest.Matchers.equalTo(272))
                .body("dealers.authorizedAgents", org.hamcrest.Matchers.equalTo(234))
                .body("dealers.activationRate", org.hamcrest.Matchers.equalTo(0.9706f))
                .body("vehicles.filedNonStandard", org.hamcrest.Matchers.equalTo(180000))
                .body("vehicles.platesIssued", org.hamcrest.Matchers.equalTo(45200))
                .body("tradeIns.completed", org.hamcrest.Matchers.equalTo(3500))
                .body("tradeIns.open", org.hamcrest.Matchers.equalTo(120))
                .body("campaigns", hasSize(1))
                .body("campaigns[0].name", org.hamcrest.Matchers.equalTo("2026 trade-in"))
                .body("campaigns[0].phases[0].remaining", org.hamcrest.Matchers.equalTo(560))
                .body("campaigns[0].rejected.QUOTA_EXHAUSTED", org.hamcrest.Matchers.equalTo(4))
                .body("completionRate", org.hamcrest.Matchers.equalTo(0.0194f))
                .body("unavailable", empty());
        // each service saw the regulator's own token
        registration.verify(getRequestedFor(urlEqualTo("/api/vehicles/stats")).withHeader("Authorization", equalTo(bearer)));
        tradein.verify(getRequestedFor(urlEqualTo("/api/trade-ins/stats")).withHeader("Authorization", equalTo(bearer)));
        subsidy.verify(getRequestedFor(urlEqualTo("/api/campaigns/c1/stats")).withHeader("Authorization", equalTo(bearer)));
    }

    @Test
    void aDeadServiceIsNamedAndTheRestStillComesBack() {
        WireMockServices.kill(tradein);
        given().header("Authorization", Tokens.regulator()).get("/api/stats/overview").then().statusCode(200)
                .body("unavailable", contains("tradein-service"))
                .body("dealers", nullValue())
                .body("tradeIns", nullValue())
                .body("vehicles.filedNonStandard", org.hamcrest.Matchers.equalTo(180000))
                .body("campaigns", hasSize(1))
                .body("completionRate", org.hamcrest.Matchers.equalTo(0.0194f));
    }

    @Test
    void aSlowServiceIsCutOffByTheTimeout() {
        registration.stubFor(get(urlEqualTo("/api/vehicles/stats")).willReturn(json("{}").withFixedDelay(20_000)));
        String bearer = Tokens.regulator();
        long start = System.nanoTime();
        given().header("Authorization", bearer).get("/api/stats/overview").then().statusCode(200)
                .body("unavailable", contains("registration-service"))
                .body("vehicles", nullValue())
                .body("completionRate", nullValue())
                .body("dealers.total", org.hamcrest.Matchers.equalTo(272));
        org.assertj.core.api.Assertions.assertThat(System.nanoTime() - start).isLessThan(15_000_000_000L); // test timeout 1 s, service would take 20 s
    }

    @Test
    void noFiledBikesMeansACompletionRateOfZero() {
        registration.stubFor(get(urlEqualTo("/api/vehicles/stats")).willReturn(json(
                "{\"filedNonStandard\":0,\"filedNonStandardScrapped\":0}")));
        given().header("Authorization", Tokens.regulator()).get("/api/stats/overview").then().statusCode(200)
                .body("completionRate", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void onlyRegulatorsSeeTheOverview() {
        given().header("Authorization", Tokens.bearer("dealer-1", "DEALER")).get("/api/stats/overview")
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("owner-1", "OWNER")).get("/api/stats/overview")
                .then().statusCode(403);
        given().get("/api/stats/overview").then().statusCode(401).contentType("application/problem+json");
    }
}
