package cn.ebike.subsidy.claim;

import static cn.ebike.subsidy.testsupport.Fixtures.FILED;
import static cn.ebike.subsidy.testsupport.Fixtures.JULY;
import static cn.ebike.subsidy.testsupport.Fixtures.JUNE;
import static cn.ebike.subsidy.testsupport.Fixtures.SEPTEMBER;
import static cn.ebike.subsidy.testsupport.Fixtures.claim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.ebike.subsidy.testsupport.FakeUpstream;
import cn.ebike.subsidy.testsupport.FakeUpstream.TradeIn;
import cn.ebike.subsidy.testsupport.Fixtures;
import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClaimResourceTest {

    @Inject
    SubsidyRepository subsidies;

    String district;
    Fixtures.Created campaign;
    UUID dealer;

    @BeforeEach
    void campaign() {
        district = Fixtures.district();
        campaign = Fixtures.threePhases(district, 5, 5, 5);
        dealer = FakeUpstream.dealer(district, true);
    }

    private TradeIn eligibleInJune() {
        return FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(86400), FILED);
    }

    private long rowsFor(UUID tradeInId) {
        return QuarkusTransaction.requiringNew().call(() -> subsidies.count("tradeInId", tradeInId));
    }

    @Test
    void eligibleTradeInIsGrantedTheFirstSlotOfThePhaseItCompletedIn() {
        TradeIn t = eligibleInJune();
        claim(t.id()).statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/subsidies/" + subsidyOf(t.id())))
                .body("status", equalTo("GRANTED"))
                .body("tradeInId", equalTo(t.id().toString()))
                .body("ownerId", equalTo(t.ownerId().toString()))
                .body("campaignId", equalTo(campaign.campaignId().toString()))
                .body("phaseId", equalTo(campaign.phaseIds().get(0).toString()))
                .body("amountFen", equalTo(30000))
                .body("rank", equalTo(1))
                .body("reason", nullValue())
                .body("grantedAt", notNullValue())
                .body("payoutAttempts", equalTo(0));
    }

    private String subsidyOf(UUID tradeInId) {
        return QuarkusTransaction.requiringNew().call(() -> subsidies.byTradeIn(tradeInId).map(s -> s.id().toString()).orElse("?"));
    }

    @Test
    void claimingTheSameTradeInAgainReplaysTheSameSubsidyWith200() {
        TradeIn t = eligibleInJune();
        String id = claim(t.id()).statusCode(201).extract().path("id");
        int callsBefore = FakeUpstream.DOWNSTREAM_CALLS.get();
        claim(t.id()).statusCode(200).body("id", equalTo(id)).body("rank", equalTo(1)).body("status", equalTo("GRANTED"));
        assertThat(FakeUpstream.DOWNSTREAM_CALLS.get()).as("a final decision is replayed without asking the sources")
                .isEqualTo(callsBefore);
        assertThat(rowsFor(t.id())).isEqualTo(1);
    }

    @Test
    void phaseIsChosenByCompletionTimeAndPaysThatPhasesAmount() {
        TradeIn july = FakeUpstream.eligible(dealer, UUID.randomUUID(), JULY, FILED);
        claim(july.id()).statusCode(201).body("phaseId", equalTo(campaign.phaseIds().get(1).toString()))
                .body("amountFen", equalTo(20000)).body("rank", equalTo(1));
    }

    @Test
    void tradeInNotCompletedIsRejectedAndReevaluatedOnceItCompletes() {
        TradeIn t = eligibleInJune();
        Map<String, Object> json = FakeUpstream.tradeIn(t.id());
        json.put("status", "OPEN");
        json.remove("completedAt");
        String id = claim(t.id()).statusCode(201).body("status", equalTo("REJECTED"))
                .body("reason", equalTo("TRADE_IN_NOT_COMPLETED")).extract().path("id");
        claim(t.id()).statusCode(200).body("id", equalTo(id)).body("reason", equalTo("TRADE_IN_NOT_COMPLETED"));

        json.put("status", "COMPLETED");
        json.put("completedAt", JUNE.plusSeconds(7200).toString());
        claim(t.id()).statusCode(200).body("id", equalTo(id)).body("status", equalTo("GRANTED"))
                .body("reason", nullValue()).body("rank", equalTo(1));
        assertThat(rowsFor(t.id())).isEqualTo(1);
    }

    @Test
    void dealerThatIsNotAnAuthorisedAgentPointIsRejected() {
        UUID unauthorised = FakeUpstream.dealer(district, false);
        TradeIn t = FakeUpstream.eligible(unauthorised, UUID.randomUUID(), JUNE.plusSeconds(60), FILED);
        claim(t.id()).statusCode(201).body("status", equalTo("REJECTED")).body("reason", equalTo("DEALER_NOT_AUTHORIZED"))
                .body("rank", nullValue()).body("amountFen", nullValue());
    }

    @Test
    void completionOutsideEveryPhaseWindowIsRejectedWithNoActivePhase() {
        TradeIn before = FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.minusSeconds(1), FILED);
        TradeIn atEnd = FakeUpstream.eligible(dealer, UUID.randomUUID(), SEPTEMBER, FILED);
        claim(before.id()).statusCode(201).body("reason", equalTo("NO_ACTIVE_PHASE"));
        claim(atEnd.id()).statusCode(201).body("reason", equalTo("NO_ACTIVE_PHASE"));
        UUID otherDistrict = FakeUpstream.dealer(Fixtures.district(), true);
        TradeIn elsewhere = FakeUpstream.eligible(otherDistrict, UUID.randomUUID(), JUNE.plusSeconds(60), FILED);
        claim(elsewhere.id()).statusCode(201).body("reason", equalTo("NO_ACTIVE_PHASE")).body("campaignId", nullValue());
    }

    @Test
    void oldVehicleFiledOnOrAfterTheCutOffIsNotEligible() {
        TradeIn t = FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(60), Fixtures.FILED_BEFORE);
        claim(t.id()).statusCode(201).body("reason", equalTo("VEHICLE_NOT_ELIGIBLE"))
                .body("campaignId", equalTo(campaign.campaignId().toString()));
    }

    @Test
    void oldVehicleNotScrappedForThisTradeInIsNotEligible() {
        TradeIn notScrapped = eligibleInJune();
        FakeUpstream.vehicleOf(notScrapped.oldVehicleId()).put("status", "REGISTERED");
        claim(notScrapped.id()).statusCode(201).body("reason", equalTo("VEHICLE_NOT_ELIGIBLE"));

        TradeIn otherReference = eligibleInJune();
        FakeUpstream.vehicleOf(otherReference.oldVehicleId()).put("scrapReference", UUID.randomUUID().toString());
        claim(otherReference.id()).statusCode(201).body("reason", equalTo("VEHICLE_NOT_ELIGIBLE"));

        TradeIn compliantOld = eligibleInJune();
        FakeUpstream.vehicleOf(compliantOld.oldVehicleId()).put("category", "COMPLIANT");
        claim(compliantOld.id()).statusCode(201).body("reason", equalTo("VEHICLE_NOT_ELIGIBLE"));
    }

    @Test
    void newVehicleMustBeCompliantWithAnActivePlate() {
        TradeIn revoked = eligibleInJune();
        FakeUpstream.vehicleOf(revoked.newVehicleId()).put("plateStatus", "REVOKED");
        claim(revoked.id()).statusCode(201).body("reason", equalTo("VEHICLE_NOT_ELIGIBLE"));

        TradeIn noPlate = eligibleInJune();
        FakeUpstream.vehicleOf(noPlate.newVehicleId()).put("plateStatus", null);
        claim(noPlate.id()).statusCode(201).body("reason", equalTo("VEHICLE_NOT_ELIGIBLE"));

        TradeIn nonStandard = eligibleInJune();
        FakeUpstream.vehicleOf(nonStandard.newVehicleId()).put("category", "NON_STANDARD_FILED");
        claim(nonStandard.id()).statusCode(201).body("reason", equalTo("VEHICLE_NOT_ELIGIBLE"));

        TradeIn unknownVehicle = eligibleInJune();
        FakeUpstream.VEHICLES.remove(unknownVehicle.newVehicleId());
        claim(unknownVehicle.id()).statusCode(201).body("reason", equalTo("VEHICLE_NOT_ELIGIBLE"));
    }

    @Test
    void ownerGrantedOnceInACampaignIsRejectedForASecondTradeIn() {
        UUID owner = UUID.randomUUID();
        TradeIn first = FakeUpstream.eligible(dealer, owner, JUNE.plusSeconds(60), FILED);
        TradeIn second = FakeUpstream.eligible(dealer, owner, JULY.plusSeconds(60), FILED);
        claim(first.id()).statusCode(201).body("status", equalTo("GRANTED"));
        claim(second.id()).statusCode(201).body("status", equalTo("REJECTED")).body("reason", equalTo("OWNER_ALREADY_GRANTED"));
    }

    @Test
    void oldVehicleGrantedOnceInACampaignIsRejectedForASecondTradeIn() {
        TradeIn first = eligibleInJune();
        claim(first.id()).statusCode(201).body("status", equalTo("GRANTED"));
        TradeIn second = FakeUpstream.reusingOldVehicle(first, UUID.randomUUID(), JUNE.plusSeconds(120));
        FakeUpstream.vehicleOf(first.oldVehicleId()).put("scrapReference", second.id().toString());
        FakeUpstream.vehicleOf(first.oldVehicleId()).put("ownerId", second.ownerId().toString());
        claim(second.id()).statusCode(201).body("reason", equalTo("VEHICLE_ALREADY_GRANTED"));
    }

    @Test
    void claimsBeyondThePhaseQuotaAreRejectedWithQuotaExhausted() {
        for (int i = 1; i <= 5; i++) {
            claim(eligibleInJune().id()).statusCode(201).body("rank", equalTo(i));
        }
        claim(eligibleInJune().id()).statusCode(201).body("status", equalTo("REJECTED"))
                .body("reason", equalTo("QUOTA_EXHAUSTED")).body("phaseId", equalTo(campaign.phaseIds().get(0).toString()));
        // the next phase has its own quota
        claim(FakeUpstream.eligible(dealer, UUID.randomUUID(), JULY.plusSeconds(1), FILED).id()).statusCode(201)
                .body("status", equalTo("GRANTED")).body("rank", equalTo(1));
    }

    @Test
    void unknownTradeInIs404AndNothingIsRecorded() {
        UUID unknown = UUID.randomUUID();
        claim(unknown).statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        assertThat(rowsFor(unknown)).isZero();
    }

    @Test
    void unreachableTradeinServiceIs503AndNothingIsRecorded() {
        TradeIn t = eligibleInJune();
        FakeUpstream.UNREACHABLE.add(t.id());
        try {
            claim(t.id()).statusCode(503).contentType("application/problem+json");
            assertThat(rowsFor(t.id())).isZero();
        } finally {
            FakeUpstream.UNREACHABLE.remove(t.id());
        }
        claim(t.id()).statusCode(201).body("status", equalTo("GRANTED"));
    }

    @Test
    void failingRegistrationServiceIs503AndNothingIsRecorded() {
        TradeIn t = eligibleInJune();
        FakeUpstream.FAILING.add(t.oldVehicleId());
        try {
            claim(t.id()).statusCode(503).body("type", equalTo("https://ebike.local/problems/service-unavailable"));
            assertThat(rowsFor(t.id())).isZero();
        } finally {
            FakeUpstream.FAILING.remove(t.oldVehicleId());
        }
    }

    @Test
    void claimBodyIsValidatedAndNamesTheField() {
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body("{}")
                .when().post("/api/subsidies/claims").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("tradeInId"));
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body("{\"tradeInId\":\"not-a-uuid\"}")
                .when().post("/api/subsidies/claims").then().statusCode(400).body("errors.field", hasItem("tradeInId"));
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body("{\"tradeInId\":")
                .when().post("/api/subsidies/claims").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyServiceAndRegulatorMayClaim() {
        String body = "{\"tradeInId\":\"" + eligibleInJune().id() + "\"}";
        given().contentType(ContentType.JSON).body(body).when().post("/api/subsidies/claims").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.owner(UUID.randomUUID())).contentType(ContentType.JSON).body(body)
                .when().post("/api/subsidies/claims").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.dealer()).contentType(ContentType.JSON).body(body)
                .when().post("/api/subsidies/claims").then().statusCode(403);
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON).body(body)
                .when().post("/api/subsidies/claims").then().statusCode(201);
    }

    @Test
    void idempotencyKeyReplaysTheFirstResponseAndRefusesAnotherBody() {
        TradeIn t = eligibleInJune();
        String key = "claim-" + UUID.randomUUID();
        String first = given().auth().oauth2(Tokens.service()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("tradeInId", t.id().toString())).when().post("/api/subsidies/claims").then()
                .statusCode(201).extract().asString();
        String again = given().auth().oauth2(Tokens.service()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("tradeInId", t.id().toString())).when().post("/api/subsidies/claims").then()
                .statusCode(201).extract().asString();
        assertThat(again).isEqualTo(first);
        given().auth().oauth2(Tokens.service()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("tradeInId", eligibleInJune().id().toString())).when().post("/api/subsidies/claims").then()
                .statusCode(409);
    }

    @Test
    void aRevokedServiceTokenIsDroppedAndANewOneFetched() {
        // first claim makes sure a token is cached
        claim(eligibleInJune().id()).statusCode(201);
        String cached = FakeUpstream.currentToken;
        int issued = FakeUpstream.TOKENS_ISSUED.get();
        FakeUpstream.REVOKED_TOKENS.add(cached);
        claim(eligibleInJune().id()).statusCode(201).body("status", equalTo("GRANTED"));
        assertThat(FakeUpstream.TOKENS_ISSUED.get()).isEqualTo(issued + 1);
        assertThat(FakeUpstream.lastTokenRequestBody).contains("grant_type=client_credentials")
                .contains("client_id=subsidy-service");
        // and the new one is reused, not fetched per call
        claim(eligibleInJune().id()).statusCode(201);
        assertThat(FakeUpstream.TOKENS_ISSUED.get()).isEqualTo(issued + 1);
    }

    @Test
    void grantedAtIsRecent() {
        String at = claim(eligibleInJune().id()).statusCode(201).extract().path("grantedAt");
        assertThat(Instant.parse(at)).isAfter(Instant.now().minusSeconds(60));
    }
}
