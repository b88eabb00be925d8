package cn.ebike.tradein.tradein;

import static cn.ebike.tradein.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import cn.ebike.tradein.support.Api;
import cn.ebike.common.testing.Db;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.RegistrationStub;
import cn.ebike.tradein.support.Scenario;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every 409 (and the 400s next to them) of the trade-in endpoints; each leaves the trade-in as it was. */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class TradeInConflictTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    DataSource dataSource;

    RegistrationStub registration;

    @BeforeEach
    void stubs() {
        registration = new RegistrationStub(wireMock);
    }

    private static io.restassured.response.ValidatableResponse open(UUID dealer, UUID owner, UUID vehicle) {
        return as(Tokens.dealer(dealer)).body(Map.of("oldVehicleId", vehicle, "ownerId", owner))
                .post("/api/trade-ins").then();
    }

    private long tradeInsFor(UUID oldVehicle) {
        return new Db(dataSource).count("SELECT count(*) FROM trade_ins WHERE old_vehicle_id = ?::uuid",
                oldVehicle.toString());
    }

    // --- open ----------------------------------------------------------------------------------

    @Test
    void openingNeedsTradeInEnabled() {
        UUID owner = UUID.randomUUID();
        UUID vehicle = registration.filedNonStandard(owner);
        UUID notSigned = Api.newDealer();
        open(notSigned, owner, vehicle).statusCode(409)
                .body("type", equalTo("https://ebike.local/problems/trade-in-not-enabled"));
        UUID disabled = Api.activeDealer();
        as(Tokens.dealer(disabled)).delete("/api/dealers/" + disabled + "/trade-in-enabled").then().statusCode(200);
        open(disabled, owner, vehicle).statusCode(409)
                .body("type", equalTo("https://ebike.local/problems/trade-in-not-enabled"));
        open(UUID.randomUUID(), owner, vehicle).statusCode(409);
        assertThat(tradeInsFor(vehicle)).isZero();
    }

    @Test
    void theOldVehicleMustBeFiledNonStandard() {
        UUID owner = UUID.randomUUID();
        UUID compliant = registration.compliantWithPlate(owner);
        open(Api.activeDealer(), owner, compliant).statusCode(409)
                .body("type", equalTo("https://ebike.local/problems/vehicle-not-eligible"))
                .body("errors[0].field", equalTo("oldVehicleId"));
        assertThat(tradeInsFor(compliant)).isZero();
    }

    @Test
    void aScrappedOldVehicleCannotBeTradedIn() {
        UUID owner = UUID.randomUUID();
        UUID vehicle = UUID.randomUUID();
        registration.vehicle(vehicle, "NON_STANDARD_FILED", "SCRAPPED", owner, "REVOKED", "elsewhere");
        open(Api.activeDealer(), owner, vehicle).statusCode(409).body("errors[0].field", equalTo("oldVehicleId"));
        assertThat(tradeInsFor(vehicle)).isZero();
    }

    @Test
    void theOldVehicleMustBelongToTheOwner() {
        UUID owner = UUID.randomUUID();
        UUID vehicle = registration.filedNonStandard(owner);
        open(Api.activeDealer(), UUID.randomUUID(), vehicle).statusCode(409)
                .body("errors[0].field", equalTo("ownerId"));
        assertThat(tradeInsFor(vehicle)).isZero();
    }

    @Test
    void anOldVehicleUnknownToRegistrationIsAConflictNamingIt() {
        UUID vehicle = UUID.randomUUID();
        registration.unknown(vehicle);
        open(Api.activeDealer(), UUID.randomUUID(), vehicle).statusCode(409)
                .body("type", equalTo("https://ebike.local/problems/vehicle-not-eligible"))
                .body("errors[0].field", equalTo("oldVehicleId"));
        assertThat(tradeInsFor(vehicle)).isZero();
    }

    @Test
    void anOldVehicleInALiveTradeInCannotBeTradedInAgainEvenAtAnotherDealer() {
        Scenario s = Scenario.fresh(wireMock).opened();
        open(s.dealer, s.owner, s.oldVehicle).statusCode(409)
                .body("type", equalTo("https://ebike.local/problems/vehicle-in-trade-in"));
        open(Api.activeDealer(), s.owner, s.oldVehicle).statusCode(409);
        assertThat(tradeInsFor(s.oldVehicle)).isEqualTo(1);
    }

    @Test
    void theDatabaseRefusesASecondLiveTradeInForAnOldVehicle() {
        Scenario s = Scenario.fresh(wireMock).opened();
        Db db = new Db(dataSource);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.update(
                        "INSERT INTO trade_ins (id, dealer_id, owner_id, old_vehicle_id, status, opened_at)"
                                + " VALUES (gen_random_uuid(), ?::uuid, ?::uuid, ?::uuid, 'OPEN', now())",
                        s.dealer.toString(), s.owner.toString(), s.oldVehicle.toString()))
                .hasMessageContaining("trade_ins_old_vehicle_live");
    }

    @Test
    void openingValidatesItsBody() {
        UUID dealer = Api.activeDealer();
        as(Tokens.dealer(dealer)).body(Map.of()).post("/api/trade-ins").then().statusCode(400)
                .body("errors.field", hasItem("oldVehicleId")).body("errors.field", hasItem("ownerId"));
        as(Tokens.dealer(dealer)).body(Map.of("oldVehicleId", "not-a-uuid", "ownerId", UUID.randomUUID()))
                .post("/api/trade-ins").then().statusCode(400).body("errors[0].field", equalTo("oldVehicleId"));
    }

    @Test
    void aStatusInTheRequestBodyIsIgnored() {
        UUID owner = UUID.randomUUID();
        UUID vehicle = registration.filedNonStandard(owner);
        Map<String, Object> body = new HashMap<>();
        body.put("oldVehicleId", vehicle);
        body.put("ownerId", owner);
        body.put("status", "COMPLETED");
        body.put("completedAt", "2020-01-01T00:00:00Z");
        as(Tokens.dealer(Api.activeDealer())).body(body).post("/api/trade-ins").then().statusCode(201)
                .body("status", equalTo("OPEN")).body("completedAt", nullValue());
    }

    // --- recycling -----------------------------------------------------------------------------

    @Test
    void recyclingNeedsTheBatteryBack() {
        Scenario s = Scenario.fresh(wireMock).opened();
        as(s.dealerToken()).body(Map.of("recyclingReceiptNo", "R-1", "batteryReturned", false))
                .post(s.path("/recycling")).then().statusCode(400)
                .body("errors[0].field", equalTo("batteryReturned"));
        as(s.dealerToken()).body(Map.of("recyclingReceiptNo", "R-1"))
                .post(s.path("/recycling")).then().statusCode(400)
                .body("errors[0].field", equalTo("batteryReturned"));
        as(s.dealerToken()).body(Map.of("batteryReturned", true))
                .post(s.path("/recycling")).then().statusCode(400)
                .body("errors[0].field", equalTo("recyclingReceiptNo"));
        as(s.dealerToken()).get(s.path("")).then().body("recycledAt", nullValue());
        wireMock.verify(0, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(
                        "/api/vehicles/" + s.oldVehicle + "/scrap")));
    }

    @Test
    void recordingRecyclingTwiceIsAConflict() {
        Scenario s = Scenario.fresh(wireMock).opened().recycled();
        as(s.dealerToken()).body(Map.of("recyclingReceiptNo", "R-2", "batteryReturned", true))
                .post(s.path("/recycling")).then().statusCode(409)
                .body("type", equalTo("https://ebike.local/problems/illegal-transition"));
        as(s.dealerToken()).get(s.path("")).then().body("recyclingReceiptNo", equalTo(Api.receiptFor(s.tradeIn)));
    }

    @Test
    void whenRegistrationRefusesToScrapTheTradeInDoesNotMove() {
        Scenario s = Scenario.fresh(wireMock).opened();
        registration.scrapAnswers(s.oldVehicle, 409);
        as(s.dealerToken()).body(Map.of("recyclingReceiptNo", "R-1", "batteryReturned", true))
                .post(s.path("/recycling")).then().statusCode(409)
                .body("type", equalTo("https://ebike.local/problems/vehicle-not-eligible"));
        as(s.dealerToken()).get(s.path("")).then().body("recycledAt", nullValue());
    }

    @Test
    void whenRegistrationCannotScrapTheTradeInDoesNotMoveAndTheStepCanBeRepeated() {
        Scenario s = Scenario.fresh(wireMock).opened();
        String receipt = Api.newReceipt();
        registration.scrapDown(s.oldVehicle);
        as(s.dealerToken()).body(Map.of("recyclingReceiptNo", receipt, "batteryReturned", true))
                .post(s.path("/recycling")).then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://ebike.local/problems/service-unavailable"));
        as(s.dealerToken()).get(s.path("")).then().body("recycledAt", nullValue()).body("status", equalTo("OPEN"));
        assertThat(new Db(dataSource).count("SELECT count(*) FROM audit_entries WHERE object_id = ?::uuid"
                + " AND action = 'RECYCLED'", s.tradeIn.toString())).isZero();
        registration.scrapAnswers(s.oldVehicle, 500);
        as(s.dealerToken()).body(Map.of("recyclingReceiptNo", receipt, "batteryReturned", true))
                .post(s.path("/recycling")).then().statusCode(503);

        // registration is back (and idempotent on the reference): repeating the step succeeds
        registration.scrapAccepts(s.oldVehicle, s.owner, s.tradeIn);
        as(s.dealerToken()).body(Map.of("recyclingReceiptNo", receipt, "batteryReturned", true))
                .post(s.path("/recycling")).then().statusCode(200);
    }

    // --- new vehicle ---------------------------------------------------------------------------

    @Test
    void theNewVehicleMustBeCompliant() {
        Scenario s = Scenario.fresh(wireMock).opened();
        UUID other = registration.filedNonStandard(s.owner);
        newVehicle(s, other).statusCode(409).body("errors[0].field", equalTo("newVehicleId"));
    }

    @Test
    void theNewVehicleMustBelongToTheSameOwner() {
        Scenario s = Scenario.fresh(wireMock).opened();
        UUID strangers = registration.compliantWithPlate(UUID.randomUUID());
        newVehicle(s, strangers).statusCode(409).body("errors[0].field", equalTo("newVehicleId"));
    }

    @Test
    void theNewVehicleNeedsAnActivePlate() {
        Scenario s = Scenario.fresh(wireMock).opened();
        UUID noPlate = UUID.randomUUID();
        registration.vehicle(noPlate, "COMPLIANT", "REGISTERED", s.owner, null, null);
        newVehicle(s, noPlate).statusCode(409).body("detail", org.hamcrest.Matchers.containsString("plate"));
        UUID revoked = UUID.randomUUID();
        registration.vehicle(revoked, "COMPLIANT", "REGISTERED", s.owner, "REVOKED", null);
        newVehicle(s, revoked).statusCode(409);
        as(s.dealerToken()).get(s.path("")).then().body("newVehicleId", nullValue());
    }

    @Test
    void anUnknownNewVehicleIsAConflictNamingIt() {
        Scenario s = Scenario.fresh(wireMock).opened();
        UUID unknown = UUID.randomUUID();
        registration.unknown(unknown);
        newVehicle(s, unknown).statusCode(409).body("errors[0].field", equalTo("newVehicleId"));
    }

    @Test
    void aNewVehicleBacksOnlyOneTradeIn() {
        Scenario first = Scenario.fresh(wireMock).opened();
        // the same dealer opens a second trade-in for the same owner, then registers one new bike
        UUID oldOfFirstOwner = registration.filedNonStandard(first.owner);
        UUID secondTradeIn = Api.openTradeIn(first.dealer, first.owner, oldOfFirstOwner);
        registration.compliantRegisteredBy(first.newVehicle, first.owner, first.dealer, Instant.now());
        first.withNewVehicle();
        as(first.dealerToken()).body(Map.of("newVehicleId", first.newVehicle))
                .post("/api/trade-ins/" + secondTradeIn + "/new-vehicle").then().statusCode(409)
                .body("type", equalTo("https://ebike.local/problems/vehicle-in-trade-in"));
        as(first.dealerToken()).get("/api/trade-ins/" + secondTradeIn).then().body("newVehicleId", nullValue());
    }

    @Test
    void recordingTheNewVehicleTwiceIsAConflict() {
        Scenario s = Scenario.fresh(wireMock).opened().withNewVehicle();
        UUID another = registration.compliantWithPlate(s.owner);
        newVehicle(s, another).statusCode(409).body("type", equalTo("https://ebike.local/problems/illegal-transition"));
        as(s.dealerToken()).get(s.path("")).then().body("newVehicleId", equalTo(s.newVehicle.toString()));
    }

    private static io.restassured.response.ValidatableResponse newVehicle(Scenario s, UUID vehicle) {
        return as(s.dealerToken()).body(Map.of("newVehicleId", vehicle)).post(s.path("/new-vehicle")).then();
    }

    // --- completion ----------------------------------------------------------------------------

    @Test
    void completingBeforeBothStepsIsAConflict() {
        Scenario s = Scenario.fresh(wireMock).opened();
        as(s.dealerToken()).post(s.path("/completion")).then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("the recycling and the new vehicle"));
        Api.recycle(s.dealer, s.tradeIn);
        as(s.dealerToken()).post(s.path("/completion")).then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("the new vehicle"));
        as(s.dealerToken()).get(s.path("")).then().body("status", equalTo("OPEN")).body("completedAt", nullValue());
        assertThat(new Db(dataSource).count("SELECT count(*) FROM claim_outbox WHERE trade_in_id = ?::uuid",
                s.tradeIn.toString())).isZero();
    }

    @Test
    void completingWithoutRecyclingIsAConflict() {
        Scenario s = Scenario.fresh(wireMock).opened().withNewVehicle();
        as(s.dealerToken()).post(s.path("/completion")).then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("the recycling"));
    }

    @Test
    void completingTwiceIsAConflict() {
        Scenario s = Scenario.fresh(wireMock).ready();
        String completedAt = as(s.dealerToken()).post(s.path("/completion")).then().statusCode(200)
                .extract().path("completedAt");
        as(s.dealerToken()).post(s.path("/completion")).then().statusCode(409)
                .body("type", equalTo("https://ebike.local/problems/illegal-transition"));
        as(s.dealerToken()).get(s.path("")).then().body("completedAt", equalTo(completedAt));
        assertThat(new Db(dataSource).count("SELECT count(*) FROM claim_outbox WHERE trade_in_id = ?::uuid",
                s.tradeIn.toString())).isEqualTo(1);
    }

    // --- cancellation --------------------------------------------------------------------------

    @Test
    void cancellingNeedsAReason() {
        Scenario s = Scenario.fresh(wireMock).opened();
        as(s.dealerToken()).body(Map.of("reason", "  ")).post(s.path("/cancellation")).then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        as(s.dealerToken()).post(s.path("/cancellation")).then().statusCode(400);
        as(s.dealerToken()).get(s.path("")).then().body("status", equalTo("OPEN"));
    }

    @Test
    void cancellingACompletedTradeInIsAConflict() {
        Scenario s = Scenario.fresh(wireMock).ready();
        as(s.dealerToken()).post(s.path("/completion")).then().statusCode(200);
        as(s.dealerToken()).body(Map.of("reason", "too late")).post(s.path("/cancellation")).then().statusCode(409);
        as(Tokens.regulator()).body(Map.of("reason", "too late")).post(s.path("/cancellation")).then()
                .statusCode(409);
        as(s.dealerToken()).get(s.path("")).then().body("status", equalTo("COMPLETED"));
    }

    @Test
    void aCancelledTradeInRefusesEveryFurtherStep() {
        Scenario s = Scenario.fresh(wireMock).opened();
        as(s.dealerToken()).body(Map.of("reason", "owner withdrew")).post(s.path("/cancellation"))
                .then().statusCode(200);
        as(s.dealerToken()).body(Map.of("reason", "again")).post(s.path("/cancellation")).then().statusCode(409);
        as(s.dealerToken()).body(Map.of("recyclingReceiptNo", "R-1", "batteryReturned", true))
                .post(s.path("/recycling")).then().statusCode(409);
        newVehicle(s, s.newVehicle).statusCode(409);
        as(s.dealerToken()).post(s.path("/completion")).then().statusCode(409);
        as(s.dealerToken()).get(s.path("")).then().body("status", equalTo("CANCELLED"));
        // and registration was never asked to scrap anything for it
        wireMock.verify(0, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(
                        "/api/vehicles/" + s.oldVehicle + "/scrap")));
    }
}
