package cn.ebike.tradein.tradein;

import static cn.ebike.tradein.support.Api.as;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.ebike.common.testing.Db;
import cn.ebike.tradein.support.Eventually;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.Scenario;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(WireMockResource.class)
class TradeInLifecycleTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    DataSource dataSource;

    @Test
    void aTradeInGoesFromOpenToCompletedAndItsClaimReachesSubsidy() {
        Scenario s = Scenario.fresh(wireMock);
        Instant start = Instant.now().minusSeconds(1);

        // open
        String id = as(s.dealerToken()).body(Map.of("oldVehicleId", s.oldVehicle, "ownerId", s.owner))
                .post("/api/trade-ins")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/trade-ins/"))
                .body("status", equalTo("OPEN"))
                .body("dealerId", equalTo(s.dealer.toString()))
                .body("ownerId", equalTo(s.owner.toString()))
                .body("oldVehicleId", equalTo(s.oldVehicle.toString()))
                .body("newVehicleId", nullValue())
                .body("openedAt", notNullValue())
                .body("recycledAt", nullValue())
                .body("completedAt", nullValue())
                .body("claimDelivered", equalTo(false))
                .extract().path("id");
        s.tradeIn = java.util.UUID.fromString(id);
        new cn.ebike.tradein.support.RegistrationStub(wireMock).scrapAccepts(s.oldVehicle, s.owner, s.tradeIn);
        // the new bike is bought in this trade-in: this dealer registers it after the trade-in was opened
        new cn.ebike.tradein.support.RegistrationStub(wireMock).compliantRegisteredBy(s.newVehicle, s.owner, s.dealer,
                Instant.now());
        String receipt = cn.ebike.tradein.support.Api.newReceipt();

        // recycling scraps the old vehicle in registration with the trade-in id as reference
        as(s.dealerToken()).body(Map.of("recyclingReceiptNo", receipt, "batteryReturned", true))
                .post(s.path("/recycling"))
                .then().statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("recyclingReceiptNo", equalTo(receipt))
                .body("batteryReturned", equalTo(true))
                .body("recycledAt", notNullValue());
        wireMock.verify(1, postRequestedFor(urlEqualTo("/api/vehicles/" + s.oldVehicle + "/scrap"))
                .withHeader("Authorization", WireMock.equalTo(WireMockResource.BEARER))
                .withRequestBody(matchingJsonPath("$.reference", WireMock.equalTo(s.tradeIn.toString()))));

        // new vehicle
        as(s.dealerToken()).body(Map.of("newVehicleId", s.newVehicle))
                .post(s.path("/new-vehicle"))
                .then().statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("newVehicleId", equalTo(s.newVehicle.toString()));

        // completion: server time, claim queued in the same transaction
        String completedAt = as(s.dealerToken()).post(s.path("/completion"))
                .then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("completedAt", notNullValue())
                .extract().path("completedAt");
        assertThat(Instant.parse(completedAt)).isBetween(start, Instant.now().plusSeconds(1));
        Db db = new Db(dataSource);
        assertThat(db.count("SELECT count(*) FROM claim_outbox WHERE trade_in_id = ?::uuid", id)).isEqualTo(1);

        // the relay hands it to subsidy with a SERVICE token, and the trade-in shows it
        Eventually.within(Duration.ofSeconds(20), () ->
                as(s.dealerToken()).get(s.path("")).then().statusCode(200).body("claimDelivered", equalTo(true)));
        wireMock.verify(1, postRequestedFor(urlEqualTo(WireMockResource.CLAIM_BATCH_PATH))
                .withHeader("Authorization", WireMock.equalTo(WireMockResource.BEARER))
                .withRequestBody(matchingJsonPath("$.tradeInIds[?(@ == '" + id + "')]")));

        // the audit trail tells the whole story, in order
        as(Tokens.regulator()).get(s.path("/history"))
                .then().statusCode(200)
                .body("action", equalTo(List.of("OPENED", "RECYCLED", "NEW_VEHICLE_RECORDED", "COMPLETED",
                        "CLAIM_DELIVERED")))
                .body("[0].fromStatus", nullValue())
                .body("[0].toStatus", equalTo("OPEN"))
                .body("[3].fromStatus", equalTo("OPEN"))
                .body("[3].toStatus", equalTo("COMPLETED"))
                .body("[3].actor", equalTo("staff-" + s.dealer));
    }

    @Test
    void theOwnerTheDealerTheRegulatorAndServicesReadTheTradeIn() {
        Scenario s = Scenario.fresh(wireMock).opened();
        for (String token : List.of(s.dealerToken(), Tokens.owner(s.owner), Tokens.regulator(), Tokens.service())) {
            as(token).get(s.path("")).then().statusCode(200)
                    .body("id", equalTo(s.tradeIn.toString()))
                    .body("status", equalTo("OPEN"));
        }
        as(Tokens.owner(s.owner)).get(s.path("/history")).then().statusCode(200);
    }

    @Test
    void theOwnerFollowsTheirTradeInsInTheirList() {
        Scenario s = Scenario.fresh(wireMock).opened();
        as(Tokens.owner(s.owner)).get("/api/trade-ins").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(s.tradeIn.toString()))
                .body("items[0].claimDelivered", equalTo(false));
    }

    @Test
    void aRegulatorCancelsAnOpenTradeInWithAReason() {
        Scenario s = Scenario.fresh(wireMock).opened().recycled();
        as(Tokens.regulator()).body(Map.of("reason", "owner is not the registered owner"))
                .post(s.path("/cancellation"))
                .then().statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("cancellationReason", equalTo("owner is not the registered owner"))
                .body("cancelledAt", notNullValue());
        assertThat(new Db(dataSource).count("SELECT count(*) FROM audit_entries WHERE object_id = ?::uuid"
                + " AND action = 'CANCELLED' AND from_status = 'OPEN' AND to_status = 'CANCELLED'",
                s.tradeIn.toString())).isEqualTo(1);
        assertThat(new Db(dataSource).count("SELECT count(*) FROM claim_outbox WHERE trade_in_id = ?::uuid",
                s.tradeIn.toString())).isZero();
    }

    @Test
    void theDealerCancelsItsOwnOpenTradeIn() {
        Scenario s = Scenario.fresh(wireMock).opened();
        as(s.dealerToken()).body(Map.of("reason", "owner withdrew"))
                .post(s.path("/cancellation"))
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void aCancelledTradeInFreesTheOldVehicleForANewOne() {
        Scenario s = Scenario.fresh(wireMock).opened();
        as(s.dealerToken()).body(Map.of("reason", "typo in owner")).post(s.path("/cancellation"))
                .then().statusCode(200);
        as(s.dealerToken()).body(Map.of("oldVehicleId", s.oldVehicle, "ownerId", s.owner))
                .post("/api/trade-ins").then().statusCode(201).body("status", equalTo("OPEN"));
    }
}
