package cn.ebike.subsidy.campaign;

import static cn.ebike.subsidy.testsupport.Fixtures.FILED;
import static cn.ebike.subsidy.testsupport.Fixtures.JULY;
import static cn.ebike.subsidy.testsupport.Fixtures.JUNE;
import static cn.ebike.subsidy.testsupport.Fixtures.claim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.common.validation.ChinaTime;
import cn.ebike.subsidy.testsupport.FakeUpstream;
import cn.ebike.subsidy.testsupport.FakeUpstream.TradeIn;
import cn.ebike.subsidy.testsupport.Fixtures;
import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** subsidy's part of the regulators' figures and the public burn-down of a campaign. */
@QuarkusTest
class SubsidyFiguresTest {

    @Test
    void grantsCountPerDistrictDealerAndDayAndBurnDownTheirPhase() {
        Fixtures.Created campaign = Fixtures.threePhases(Fixtures.district(), 3, 5, 5);
        UUID dealer = FakeUpstream.dealer(campaign.district(), true);
        for (int i = 0; i < 2; i++) {
            TradeIn t = FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(10 + i), FILED);
            claim(t.id()).statusCode(201);
        }
        TradeIn july = FakeUpstream.eligible(dealer, UUID.randomUUID(), JULY.plusSeconds(5), FILED);
        claim(july.id()).statusCode(201);

        JsonPath funnel = given().auth().oauth2(Tokens.service()).queryParam("district", campaign.district())
                .get("/api/subsidies/figures/funnel").then().statusCode(200).extract().jsonPath();
        assertThat(funnel.getLong("granted")).isEqualTo(3);
        assertThat(funnel.getLong("paid")).isZero();
        given().auth().oauth2(Tokens.service()).queryParam("campaignId", campaign.campaignId())
                .get("/api/subsidies/figures/funnel").then().statusCode(200).body("granted",
                        org.hamcrest.Matchers.equalTo(3));

        String today = LocalDate.now(ChinaTime.ZONE).toString();
        JsonPath granted = given().auth().oauth2(Tokens.regulator()).queryParam("metric", "subsidiesGranted")
                .queryParam("from", today).queryParam("to", today).queryParam("district", campaign.district())
                .get("/api/subsidies/figures/series").then().statusCode(200).extract().jsonPath();
        assertThat(granted.getList("points.value", Long.class)).containsExactly(3L);

        List<Map<String, Object>> dealers = given().auth().oauth2(Tokens.service()).get("/api/subsidies/figures/dealers")
                .then().statusCode(200).extract().jsonPath().getList("rows");
        assertThat(dealers).anySatisfy(r -> assertThat(r).containsEntry("dealerId", dealer.toString())
                .containsEntry("granted", 3));

        JsonPath burn = given().auth().oauth2(Tokens.regulator()).queryParam("interval", "day")
                .get("/api/campaigns/" + campaign.campaignId() + "/burndown").then().statusCode(200).extract().jsonPath();
        assertThat(burn.getList("phases.phaseId", String.class))
                .containsExactly(campaign.phaseIds().stream().map(UUID::toString).toArray(String[]::new));
        List<Map<String, Object>> june = burn.getList("phases[0].points");
        assertThat(june.get(0)).containsEntry("granted", 0).containsEntry("remaining", 3);
        assertThat(june.get(june.size() - 1)).containsEntry("granted", 2).containsEntry("remaining", 1);
        List<Map<String, Object>> julyPoints = burn.getList("phases[1].points");
        assertThat(julyPoints.get(julyPoints.size() - 1)).containsEntry("granted", 1).containsEntry("remaining", 4);

        byte[] csv = given().auth().oauth2(Tokens.regulator()).queryParam("format", "csv")
                .get("/api/campaigns/" + campaign.campaignId() + "/burndown").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asByteArray();
        assertThat(csv[0] & 0xff).isEqualTo(0xEF);
        assertThat(new String(csv, StandardCharsets.UTF_8)).contains("phaseId,phase,quota,t,granted,remaining");
    }

    @Test
    void burndownIsForRegulatorsAndKnowsOnlyRealCampaigns() {
        given().auth().oauth2(Tokens.regulator()).get("/api/campaigns/" + UUID.randomUUID() + "/burndown")
                .then().statusCode(404);
        Fixtures.Created campaign = Fixtures.threePhases(Fixtures.district(), 3, 5, 5);
        given().auth().oauth2(Tokens.owner(UUID.randomUUID())).get("/api/campaigns/" + campaign.campaignId() + "/burndown")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.regulator()).queryParam("interval", "week")
                .get("/api/campaigns/" + campaign.campaignId() + "/burndown").then().statusCode(400);
        given().auth().oauth2(Tokens.regulator()).queryParam("metric", "money")
                .get("/api/subsidies/figures/series").then().statusCode(400);
    }
}
