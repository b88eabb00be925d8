package cn.ebike.subsidy.claim;

import static cn.ebike.subsidy.testsupport.Fixtures.FILED;
import static cn.ebike.subsidy.testsupport.Fixtures.JULY;
import static cn.ebike.subsidy.testsupport.Fixtures.JUNE;
import static cn.ebike.subsidy.testsupport.Fixtures.claim;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import cn.ebike.subsidy.testsupport.FakeUpstream;
import cn.ebike.subsidy.testsupport.FakeUpstream.TradeIn;
import cn.ebike.subsidy.testsupport.Fixtures;
import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubsidyQueryTest {

    Fixtures.Created campaign;
    UUID owner;
    UUID dealer;
    String grantedId;
    String rejectedId;

    @BeforeEach
    void data() {
        campaign = Fixtures.threePhases(Fixtures.district(), 5, 5, 5);
        dealer = FakeUpstream.dealer(campaign.district(), true);
        owner = UUID.randomUUID();
        TradeIn first = FakeUpstream.eligible(dealer, owner, JUNE.plusSeconds(1), FILED);
        TradeIn second = FakeUpstream.eligible(dealer, owner, JULY.plusSeconds(1), FILED);
        grantedId = claim(first.id()).statusCode(201).extract().path("id");
        rejectedId = claim(second.id()).statusCode(201).extract().path("id");
    }

    @Test
    void anOwnerSeesTheirOwnSubsidies() {
        given().auth().oauth2(Tokens.owner(owner)).when().get("/api/subsidies/me").then().statusCode(200)
                .body("total", equalTo(2)).body("items", hasSize(2))
                .body("items.id", org.hamcrest.Matchers.containsInAnyOrder(grantedId, rejectedId))
                .body("items.ownerId", everyItem(equalTo(owner.toString())));
        given().auth().oauth2(Tokens.owner(owner)).when().get("/api/subsidies/" + grantedId).then().statusCode(200)
                .body("status", equalTo("GRANTED"));
        given().auth().oauth2(Tokens.owner(owner)).when().get("/api/subsidies/" + rejectedId).then().statusCode(200)
                .body("reason", equalTo("OWNER_ALREADY_GRANTED"));
    }

    @Test
    void anotherOwnersSubsidyIsNotFoundNotForbidden() {
        given().auth().oauth2(Tokens.owner(UUID.randomUUID())).when().get("/api/subsidies/" + grantedId).then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.owner(UUID.randomUUID())).when().get("/api/subsidies/me").then().statusCode(200)
                .body("total", equalTo(0));
        given().auth().oauth2(Tokens.owner(UUID.randomUUID())).when().get("/api/subsidies/" + grantedId + "/history")
                .then().statusCode(404);
    }

    @Test
    void rolesOtherThanOwnerAndRegulatorCannotReadASubsidy() {
        given().auth().oauth2(Tokens.dealer()).when().get("/api/subsidies/" + grantedId).then().statusCode(403);
        given().when().get("/api/subsidies/" + grantedId).then().statusCode(401);
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies/me").then().statusCode(403);
        given().auth().oauth2(Tokens.owner(owner)).when().get("/api/subsidies").then().statusCode(403);
    }

    @Test
    void aRegulatorListsWithFiltersAndPaging() {
        String c = campaign.campaignId().toString();
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies?campaignId=" + c).then().statusCode(200)
                .body("total", equalTo(2));
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies?campaignId=" + c + "&status=rejected").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(rejectedId));
        given().auth().oauth2(Tokens.regulator())
                .when().get("/api/subsidies?phaseId=" + campaign.phaseIds().get(0) + "&status=GRANTED").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(grantedId));
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies?campaignId=" + c + "&size=1&page=1").then()
                .statusCode(200).body("items", hasSize(1)).body("page", equalTo(1)).body("size", equalTo(1))
                .body("total", equalTo(2));
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies/" + grantedId).then().statusCode(200)
                .body("rank", equalTo(1)).body("amountFen", equalTo(30000));
    }

    @Test
    void aRegulatorFiltersByDealer() {
        String c = campaign.campaignId().toString();
        UUID other = FakeUpstream.dealer(campaign.district(), true);
        String othersId = claim(FakeUpstream.eligible(other, UUID.randomUUID(), JUNE.plusSeconds(2), FILED).id())
                .statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies?campaignId=" + c).then().statusCode(200)
                .body("total", equalTo(3));
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies?campaignId=" + c + "&dealerId=" + other)
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(othersId))
                .body("items[0].dealerId", equalTo(other.toString()));
        given().auth().oauth2(Tokens.regulator())
                .when().get("/api/subsidies?campaignId=" + c + "&dealerId=" + dealer + "&status=GRANTED").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(grantedId));
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies?dealerId=x").then().statusCode(400)
                .body("errors.field", hasItem("dealerId"));
    }

    @Test
    void badFiltersAreA400NamingTheParameter() {
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies?status=LOST").then().statusCode(400)
                .body("errors.field", hasItem("status"));
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies?campaignId=123").then().statusCode(400)
                .body("errors.field", hasItem("campaignId"));
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies?size=0").then().statusCode(400)
                .body("errors.field", hasItem("size"));
    }

    @Test
    void theHistoryShowsTheDecision() {
        given().auth().oauth2(Tokens.owner(owner)).when().get("/api/subsidies/" + grantedId + "/history").then()
                .statusCode(200).body("[0].action", equalTo("SUBSIDY_GRANTED")).body("[0].toStatus", equalTo("GRANTED"))
                .body("[0].actor", equalTo("tradein-service"));
    }
}
