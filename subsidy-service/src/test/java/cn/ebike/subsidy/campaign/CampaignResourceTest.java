package cn.ebike.subsidy.campaign;

import static cn.ebike.subsidy.testsupport.Fixtures.AUGUST;
import static cn.ebike.subsidy.testsupport.Fixtures.FILED;
import static cn.ebike.subsidy.testsupport.Fixtures.JULY;
import static cn.ebike.subsidy.testsupport.Fixtures.JUNE;
import static cn.ebike.subsidy.testsupport.Fixtures.SEPTEMBER;
import static cn.ebike.subsidy.testsupport.Fixtures.claim;
import static cn.ebike.subsidy.testsupport.Fixtures.phase;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import cn.ebike.subsidy.testsupport.FakeUpstream;
import cn.ebike.subsidy.testsupport.Fixtures;
import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CampaignResourceTest {

    private static Map<String, Object> body(String district, List<Map<String, Object>> phases) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", "Early trade-in subsidy");
        b.put("district", district);
        b.put("filedBefore", Fixtures.FILED_BEFORE.toString());
        b.put("phases", phases);
        return b;
    }

    @Test
    void regulatorCreatesTheDistrictsThreePhaseCampaign() {
        String district = Fixtures.district();
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON)
                .body(body(district, List.of(
                        phase("August", AUGUST, SEPTEMBER, 10000, 5000),
                        phase("June", JUNE, JULY, 30000, 2560),
                        phase("July", JULY, AUGUST, 20000, 4000))))
                .when().post("/api/campaigns").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/campaigns/"))
                .body("district", equalTo(district))
                .body("filedBefore", equalTo(Fixtures.FILED_BEFORE.toString()))
                .body("phases.name", contains("June", "July", "August"))
                .body("phases[0].amountFen", equalTo(30000))
                .body("phases[0].quota", equalTo(2560))
                .body("phases[0].granted", equalTo(0))
                .body("phases[0].remaining", equalTo(2560))
                .body("phases[0].startsAt", equalTo("2026-06-01T00:00:00Z"))
                .body("budgetFen", equalTo(2560 * 30000 + 4000 * 20000 + 5000 * 10000));
    }

    @Test
    void everyBadFieldIsListedByName() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("name", "");
        bad.put("district", "x");
        bad.put("phases", List.of(
                phase("June", JUNE, JULY, 0, 10),
                phase("July", JULY, JULY, 20000, -1)));
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON).body(bad)
                .when().post("/api/campaigns").then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItems("name", "filedBefore", "phases[0].amountFen", "phases[1].quota",
                        "phases[1].endsAt"));
    }

    @Test
    void overlappingPhasesAreRefusedNamingBothEnds() {
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON)
                .body(body(Fixtures.district(), List.of(
                        phase("June", JUNE, JULY.plusSeconds(1), 30000, 10),
                        phase("July", JULY, AUGUST, 20000, 10))))
                .when().post("/api/campaigns").then().statusCode(400)
                .body("errors.field", hasItems("phases[1].startsAt", "phases[0].endsAt"));
    }

    @Test
    void phasesThatTouchDoNotOverlap() {
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON)
                .body(body(Fixtures.district(), List.of(phase("June", JUNE, JULY, 30000, 10),
                        phase("July", JULY, AUGUST, 20000, 10))))
                .when().post("/api/campaigns").then().statusCode(201);
    }

    @Test
    void aSecondCampaignOverlappingTheDistrictsPhasesIsAConflict() {
        String district = Fixtures.district();
        Fixtures.threePhases(district, 10, 10, 10);
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON)
                .body(body(district, List.of(phase("Late July", JULY.plusSeconds(86400 * 20), SEPTEMBER, 5000, 10))))
                .when().post("/api/campaigns").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON)
                .body(body(district, List.of(phase("Autumn", SEPTEMBER, SEPTEMBER.plusSeconds(86400 * 30), 5000, 10))))
                .when().post("/api/campaigns").then().statusCode(201);
    }

    @Test
    void wrongJsonTypesAreA400NamingTheField() {
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"district\":\"d\",\"filedBefore\":\"yesterday\",\"phases\":[]}")
                .when().post("/api/campaigns").then().statusCode(400).body("errors.field", hasItem("filedBefore"));
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"district\":\"d\",\"filedBefore\":\"2024-01-01T00:00:00Z\",\"phases\":"
                        + "[{\"name\":\"p\",\"startsAt\":\"2026-06-01T00:00:00Z\",\"endsAt\":\"2026-07-01T00:00:00Z\","
                        + "\"amountFen\":\"lots\",\"quota\":1}]}")
                .when().post("/api/campaigns").then().statusCode(400).body("errors.field", hasItem("phases[0].amountFen"));
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON).body("[1,2")
                .when().post("/api/campaigns").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyARegulatorCreatesCampaignsButEverySignedInRoleReadsThem() {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), 1, 1, 1);
        Map<String, Object> b = body(Fixtures.district(), List.of(phase("June", JUNE, JULY, 30000, 10)));
        given().contentType(ContentType.JSON).body(b).when().post("/api/campaigns").then().statusCode(401);
        for (String token : List.of(Tokens.dealer(), Tokens.owner(UUID.randomUUID()), Tokens.service(),
                Tokens.of("admin", "ADMIN"))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(b).when().post("/api/campaigns").then()
                    .statusCode(403);
            given().auth().oauth2(token).when().get("/api/campaigns/" + c.campaignId()).then().statusCode(200)
                    .body("phases", hasSize(3));
        }
        given().when().get("/api/campaigns/" + c.campaignId()).then().statusCode(401);
        given().auth().oauth2(Tokens.regulator()).when().get("/api/campaigns/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(Tokens.regulator()).when().get("/api/campaigns/not-an-id").then().statusCode(404);
    }

    @Test
    void theSameIdempotencyKeyCreatesOneCampaign() {
        String key = "campaign-" + UUID.randomUUID();
        Map<String, Object> b = body(Fixtures.district(), List.of(phase("June", JUNE, JULY, 30000, 10)));
        String first = given().auth().oauth2(Tokens.regulator()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(b).when().post("/api/campaigns").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.regulator()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(b)
                .when().post("/api/campaigns").then().statusCode(201).body("id", equalTo(first));
        b.put("name", "another");
        given().auth().oauth2(Tokens.regulator()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(b)
                .when().post("/api/campaigns").then().statusCode(409);
        given().auth().oauth2(Tokens.regulator()).header("Idempotency-Key", "k".repeat(201)).contentType(ContentType.JSON)
                .body(b).when().post("/api/campaigns").then().statusCode(400).body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void liveGrantedAndRemainingAndStatsFollowTheClaims() {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), 2, 10, 10);
        UUID dealer = FakeUpstream.dealer(c.district(), true);
        for (int i = 0; i < 3; i++) {
            claim(FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(i), FILED).id()).statusCode(201);
        }
        claim(FakeUpstream.eligible(dealer, UUID.randomUUID(), JULY.plusSeconds(1), FILED).id()).statusCode(201);
        FakeUpstream.TradeIn late = FakeUpstream.eligible(dealer, UUID.randomUUID(), SEPTEMBER.plusSeconds(1), FILED);
        claim(late.id()).statusCode(201).body("reason", equalTo("NO_ACTIVE_PHASE"));

        given().auth().oauth2(Tokens.owner(UUID.randomUUID())).when().get("/api/campaigns/" + c.campaignId()).then()
                .statusCode(200)
                .body("phases[0].granted", equalTo(2)).body("phases[0].remaining", equalTo(0))
                .body("phases[1].granted", equalTo(1)).body("phases[1].remaining", equalTo(9))
                .body("phases[2].granted", equalTo(0));
        given().auth().oauth2(Tokens.regulator()).when().get("/api/campaigns/" + c.campaignId() + "/stats").then()
                .statusCode(200)
                .body("phases.phaseId", contains(c.phaseIds().stream().map(UUID::toString).toArray()))
                .body("phases[0].quota", equalTo(2)).body("phases[0].granted", equalTo(2))
                .body("phases[0].remaining", equalTo(0)).body("phases[0].grantedFen", equalTo(60000))
                .body("phases[0].paid", equalTo(0)).body("phases[0].paidFen", equalTo(0)).body("phases[0].failed", equalTo(0))
                .body("phases[1].grantedFen", equalTo(20000))
                .body("rejected.QUOTA_EXHAUSTED", equalTo(1))
                .body("rejected.OWNER_ALREADY_GRANTED", equalTo(0));
        given().auth().oauth2(Tokens.service()).when().get("/api/campaigns/" + c.campaignId() + "/stats").then()
                .statusCode(200);
        given().auth().oauth2(Tokens.dealer()).when().get("/api/campaigns/" + c.campaignId() + "/stats").then()
                .statusCode(403);
    }

    @Test
    void campaignsAreListedNewestFirstWithPagingAndADistrictFilter() {
        String district = Fixtures.district();
        Fixtures.Created c = Fixtures.threePhases(district, 1, 1, 1);
        given().auth().oauth2(Tokens.service()).when().get("/api/campaigns?district=" + district).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(c.campaignId().toString()))
                .body("page", equalTo(0)).body("size", equalTo(50));
        var all = given().auth().oauth2(Tokens.regulator()).when().get("/api/campaigns?size=1").then().statusCode(200)
                .body("items", hasSize(1)).extract().jsonPath();
        assertThat(all.getInt("total")).isGreaterThanOrEqualTo(1);
        given().auth().oauth2(Tokens.regulator()).when().get("/api/campaigns?size=201").then().statusCode(400)
                .body("errors.field", hasItem("size"));
        given().auth().oauth2(Tokens.regulator()).when().get("/api/campaigns?page=-1").then().statusCode(400)
                .body("errors.field", hasItem("page"));
        given().auth().oauth2(Tokens.regulator()).when().get("/api/campaigns?page=x").then().statusCode(400)
                .body("errors.field", hasItem("page"));
    }
}
