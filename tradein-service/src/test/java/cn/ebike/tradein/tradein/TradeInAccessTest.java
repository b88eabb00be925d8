package cn.ebike.tradein.tradein;

import static cn.ebike.tradein.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import cn.ebike.tradein.support.Api;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.Scenario;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Role denials (403) and object-level denials (404: no existence leaks). */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class TradeInAccessTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Test
    void dealerBCannotSeeOrTouchDealerAsTradeIn() {
        Scenario a = Scenario.fresh(wireMock).opened();
        String dealerB = Tokens.dealer(Api.activeDealer());
        as(dealerB).get(a.path("")).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://ebike.local/problems/not-found"));
        as(dealerB).get(a.path("/history")).then().statusCode(404);
        as(dealerB).body(Map.of("recyclingReceiptNo", "R-1", "batteryReturned", true))
                .post(a.path("/recycling")).then().statusCode(404);
        as(dealerB).body(Map.of("newVehicleId", a.newVehicle)).post(a.path("/new-vehicle")).then().statusCode(404);
        as(dealerB).post(a.path("/completion")).then().statusCode(404);
        as(dealerB).body(Map.of("reason", "mine now")).post(a.path("/cancellation")).then().statusCode(404);
        as(a.dealerToken()).get(a.path("")).then().statusCode(200).body("status", equalTo("OPEN"))
                .body("recycledAt", equalTo(null));
    }

    @Test
    void anUnknownTradeInLooksJustLikeSomeoneElses() {
        String dealer = Tokens.dealer(Api.activeDealer());
        String unknown = "/api/trade-ins/" + UUID.randomUUID();
        as(dealer).get(unknown).then().statusCode(404);
        as(dealer).post(unknown + "/completion").then().statusCode(404);
        as(Tokens.regulator()).get(unknown).then().statusCode(404);
        as(Tokens.regulator()).get("/api/trade-ins/nonsense").then().statusCode(404);
    }

    @Test
    void anOwnerSeesOnlyTheirOwnTradeIns() {
        Scenario s = Scenario.fresh(wireMock).opened();
        String stranger = Tokens.owner(UUID.randomUUID());
        as(stranger).get(s.path("")).then().statusCode(404);
        as(stranger).get(s.path("/history")).then().statusCode(404);
        as(stranger).get("/api/trade-ins").then().statusCode(200).body("total", equalTo(0));
        as(Tokens.token("not-a-uuid", "OWNER", null)).get("/api/trade-ins").then().statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void onlyDealersOpenTradeIns() {
        Scenario s = Scenario.fresh(wireMock);
        for (String token : List.of(Tokens.regulator(), Tokens.owner(s.owner), Tokens.admin(), Tokens.service())) {
            as(token).body(Map.of("oldVehicleId", s.oldVehicle, "ownerId", s.owner)).post("/api/trade-ins")
                    .then().statusCode(403).contentType("application/problem+json");
        }
    }

    @Test
    void onlyTheDealerRecordsStepsAndCompletes() {
        Scenario s = Scenario.fresh(wireMock).opened();
        for (String token : List.of(Tokens.regulator(), Tokens.owner(s.owner), Tokens.admin(), Tokens.service())) {
            as(token).body(Map.of("recyclingReceiptNo", "R-1", "batteryReturned", true))
                    .post(s.path("/recycling")).then().statusCode(403);
            as(token).body(Map.of("newVehicleId", s.newVehicle)).post(s.path("/new-vehicle")).then().statusCode(403);
            as(token).post(s.path("/completion")).then().statusCode(403);
        }
    }

    @Test
    void ownersAdminsAndServicesCannotCancel() {
        Scenario s = Scenario.fresh(wireMock).opened();
        for (String token : List.of(Tokens.owner(s.owner), Tokens.admin(), Tokens.service())) {
            as(token).body(Map.of("reason", "x")).post(s.path("/cancellation")).then().statusCode(403);
        }
        as(s.dealerToken()).get(s.path("")).then().body("status", equalTo("OPEN"));
    }

    @Test
    void withoutATokenEverythingIs401() {
        Scenario s = Scenario.fresh(wireMock).opened();
        io.restassured.RestAssured.given().get(s.path("")).then().statusCode(401)
                .contentType("application/problem+json");
        io.restassured.RestAssured.given().contentType(ContentType.JSON).post(s.path("/completion")).then()
                .statusCode(401);
        as(Tokens.expired()).get("/api/trade-ins").then().statusCode(401);
    }

    @Test
    void adminsAndServicesCannotList() {
        as(Tokens.admin()).get("/api/trade-ins").then().statusCode(403);
        as(Tokens.service()).get("/api/trade-ins").then().statusCode(403);
    }

    @Test
    void statsAndClaimsAreForRegulators() {
        as(Tokens.dealer(Api.activeDealer())).get("/api/trade-ins/stats").then().statusCode(403);
        as(Tokens.owner(UUID.randomUUID())).get("/api/trade-ins/stats").then().statusCode(403);
        as(Tokens.service()).get("/api/trade-ins/stats").then().statusCode(200);
        as(Tokens.service()).get("/api/trade-ins/claims").then().statusCode(403);
        as(Tokens.dealer(Api.activeDealer())).get("/api/trade-ins/claims").then().statusCode(403);
    }

    @Test
    void aDealersListHoldsOnlyItsOwnTradeIns() {
        Scenario a = Scenario.fresh(wireMock).opened();
        Scenario b = Scenario.fresh(wireMock).opened();
        as(a.dealerToken()).get("/api/trade-ins").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(a.tradeIn.toString()));
        // asking for another dealer's trade-ins finds nothing rather than leaking them
        as(a.dealerToken()).queryParam("dealerId", b.dealer.toString()).get("/api/trade-ins").then()
                .statusCode(200).body("total", equalTo(0));
    }

    @Test
    void regulatorsFilterByStatusDealerAndOwnerAndPage() {
        Scenario s = Scenario.fresh(wireMock).opened();
        UUID secondOld = new cn.ebike.tradein.support.RegistrationStub(wireMock).filedNonStandard(s.owner);
        UUID second = Api.openTradeIn(s.dealer, s.owner, secondOld);
        as(s.dealerToken()).body(Map.of("reason", "duplicate")).post("/api/trade-ins/" + second + "/cancellation")
                .then().statusCode(200);
        String regulator = Tokens.regulator();
        as(regulator).queryParam("dealerId", s.dealer.toString()).get("/api/trade-ins").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items[0].id", equalTo(second.toString())); // newest first
        as(regulator).queryParam("dealerId", s.dealer.toString()).queryParam("status", "CANCELLED")
                .get("/api/trade-ins").then().statusCode(200)
                .body("total", equalTo(1)).body("items.status", everyItem(equalTo("CANCELLED")));
        as(regulator).queryParam("ownerId", s.owner.toString()).queryParam("size", 1).queryParam("page", 1)
                .get("/api/trade-ins").then().statusCode(200)
                .body("total", equalTo(2)).body("items", hasSize(1)).body("page", equalTo(1))
                .body("items[0].id", equalTo(s.tradeIn.toString()));
    }

    @Test
    void badFiltersAre400NamingTheParameter() {
        String regulator = Tokens.regulator();
        as(regulator).queryParam("status", "DONE").get("/api/trade-ins").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        as(regulator).queryParam("dealerId", "x").get("/api/trade-ins").then().statusCode(400)
                .body("errors[0].field", equalTo("dealerId"));
        as(regulator).queryParam("ownerId", "x").get("/api/trade-ins").then().statusCode(400)
                .body("errors[0].field", equalTo("ownerId"));
        as(regulator).queryParam("size", 500).get("/api/trade-ins").then().statusCode(400)
                .body("errors[0].field", equalTo("size"));
        as(regulator).queryParam("delivered", "maybe").get("/api/trade-ins/claims").then().statusCode(400)
                .body("errors[0].field", equalTo("delivered"));
    }
}
