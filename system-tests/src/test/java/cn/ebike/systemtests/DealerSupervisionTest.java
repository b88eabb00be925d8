package cn.ebike.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Api.Phase;
import cn.ebike.systemtests.harness.Api.TradeIn;
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
 * 一店一查 with consequences (issue 14), across the real services: an inspection grades a shop D, which
 * suspends its agent authorisation in tradein-service, so subsidy-service's own eligibility check rejects the
 * shop's next completed trade-in ({@code DEALER_NOT_AUTHORIZED}); once its rectifications are accepted and a
 * regulator restores the authorisation, the following trade-in is granted.
 */
@Order(7)
@ExtendWith(SuiteExtension.class)
class DealerSupervisionTest {

    static final String DISTRICT = "富阳区";

    private final Api api;

    DealerSupervisionTest(Api api) {
        this.api = api;
    }

    @Test
    void aGradeDShopsClaimsAreRejectedUntilItsRectificationsAreClosedAndItIsRestored() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String campaign = api.campaign(DISTRICT, Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Phase("当期", now.minus(1, ChronoUnit.HOURS), now.plus(3, ChronoUnit.HOURS), 40_000, 100)));
        Dealer dealer = api.dealer(DISTRICT, true);
        String base = "/api/dealers/" + dealer.id();

        // the inspection finds bikes without CCC certification and modified bikes: grade D, authorisation suspended
        List<String> rectifications = api.as(api.regulator())
                .body(Api.inspection(List.of("CCC_CERTIFIED", "NO_MODIFICATION")))
                .post(base + "/inspections").then().statusCode(201).extract().path("rectificationIds");
        assertThat(rectifications).hasSize(2);
        api.as(api.regulator()).get(base + "/credit").then().statusCode(200)
                .body("grade", equalTo("D")).body("measure", equalTo("SPECIAL"))
                .body("reasons", hasItem("检查项“销售的车辆均有3C认证”不合格，尚未整改完成，扣30分"));
        api.anonymous().get(base + "/public").then().statusCode(200)
                .body("grade", equalTo("D")).body("authorizedAgent", equalTo(false))
                .body("lastInspectedAt", notNullValue());
        // the regulators' dealer table carries the grade
        api.as(api.regulator()).header("Cache-Control", "no-cache").queryParam("district", DISTRICT).queryParam("size", 200).get("/api/stats/dealers")
                .then().statusCode(200)
                .body("items.find { it.dealerId == '" + dealer.id() + "' }.creditGrade", equalTo("D"));

        // the shop's next completed trade-in: subsidy checks the dealer itself and rejects it
        TradeIn refused = api.completedTradeIn(dealer);
        JsonPath rejected = decided(refused.id());
        assertThat(rejected.getString("status")).isEqualTo("REJECTED");
        assertThat(rejected.getString("reason")).isEqualTo("DEALER_NOT_AUTHORIZED");
        assertThat(api.tradeIn(refused.id()).getString("dealerCreditGrade")).isEqualTo("D");

        // restoring before the rectifications are closed is refused
        api.as(api.regulator()).body(Map.of("authorized", true)).post(base + "/authorization").then().statusCode(409);
        for (String r : rectifications) {
            api.as(api.token(dealer)).body(Map.of("note", "问题车辆已下架退回厂家，整改完毕"))
                    .post(base + "/rectifications/" + r + "/submission").then().statusCode(200)
                    .body("status", equalTo("SUBMITTED"));
            api.as(api.regulator()).body(Map.of("accepted", true, "note", "复查合格"))
                    .post(base + "/rectifications/" + r + "/review").then().statusCode(200)
                    .body("status", equalTo("CLOSED"));
        }
        api.as(api.regulator()).body(Map.of("authorized", true)).post(base + "/authorization").then().statusCode(200)
                .body("authorizedAgent", equalTo(true));
        api.as(api.regulator()).get(base + "/credit").then().body("grade", equalTo("C")).body("measure", equalTo("FOCUS"));

        // the following trade-in is granted
        TradeIn granted = api.completedTradeIn(dealer);
        JsonPath grant = decided(granted.id());
        assertThat(grant.getString("status")).isIn("GRANTED", "PAYING", "PAID");
        assertThat(grant.getString("campaignId")).isEqualTo(campaign);
        assertThat(grant.getLong("amountFen")).isEqualTo(40_000L);
        // the earlier rejection stands: restoring the dealer does not rewrite history
        assertThat(decided(refused.id()).getString("reason")).isEqualTo("DEALER_NOT_AUTHORIZED");
        Summary.line("supervision: grade D → claim DEALER_NOT_AUTHORIZED; 2 rectifications closed, restored → granted");
    }

    /** The subsidy decided for a trade-in, once its claim reached subsidy (asking again replays the decision). */
    private JsonPath decided(String tradeInId) {
        Api.await("the claim of " + tradeInId, Duration.ofSeconds(60),
                () -> Boolean.TRUE.equals(api.tradeIn(tradeInId).getBoolean("claimDelivered")));
        return api.as(api.regulator()).body(Map.of("tradeInId", tradeInId)).post("/api/subsidies/claims")
                .then().statusCode(200).extract().jsonPath();
    }
}
