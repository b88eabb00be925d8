package cn.ebike.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Api.Owner;
import cn.ebike.systemtests.harness.Api.Phase;
import cn.ebike.systemtests.harness.Ids;
import cn.ebike.systemtests.harness.PlateQr;
import cn.ebike.systemtests.harness.Summary;
import cn.ebike.systemtests.harness.SuiteExtension;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The district's whole story once, as its users live it: the regulator imports the filed bikes and
 * sets up dealers and a three-phase campaign; a dealer trades an old bike in; the owner signs in by
 * SMS, follows it and is paid into the e-CNY wallet.
 */
@Order(1)
@ExtendWith(SuiteExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TradeInJourneyTest {

    static final String DISTRICT = "西湖区";

    private final Api api;
    private String campaignId;
    private Dealer dealer;
    private final String ownerName = Ids.name();
    private final String ownerIdNumber = Ids.idNumber();
    private final String ownerPhone = Ids.phone();
    private final String oldFrame = Ids.filedFrame();
    private final String oldPlate = "浙A9" + String.format("%05d", Math.floorMod(Ids.phone().hashCode(), 100000));
    private Owner owner;
    private String oldVehicleId;
    private String tradeInId;
    private String newPlateNumber;
    private String newQr;
    private String ownerToken;

    TradeInJourneyTest(Api api) {
        this.api = api;
    }

    @BeforeAll
    void campaignAroundNow() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        campaignId = api.campaign(DISTRICT, Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Phase("六月", now.minus(3, ChronoUnit.HOURS), now.minus(1, ChronoUnit.HOURS), 30_000, 2560),
                new Phase("七月", now.minus(1, ChronoUnit.HOURS), now.plus(2, ChronoUnit.HOURS), 20_000, 2560),
                new Phase("八月", now.plus(2, ChronoUnit.HOURS), now.plus(4, ChronoUnit.HOURS), 10_000, 2560)));
        JsonPath c = api.as(api.regulator()).get("/api/campaigns/" + campaignId).then().statusCode(200).extract().jsonPath();
        assertThat(c.getList("phases.name")).containsExactly("六月", "七月", "八月");
        assertThat(c.getList("phases.remaining", Integer.class)).containsExactly(2560, 2560, 2560);
    }

    @Test
    @Order(1)
    void regulatorImportsFiledBikesKeepingGoodRowsAndReportingBadOnesByLine() {
        String header = "frameNumber,motorNumber,brand,model,batteryType,ownerName,ownerIdNumber,ownerPhone,filedAt,plateNumber\n";
        String good2 = Ids.filedFrame();
        String good3 = Ids.filedFrame();
        String csv = header
                + row(oldFrame, ownerName, ownerIdNumber, ownerPhone, oldPlate)                      // line 2
                + row(good2, Ids.name(), Ids.idNumber(), Ids.phone(), "")                            // line 3
                + row(good3, Ids.name(), Ids.idNumber(), Ids.phone(), "")                            // line 4
                + row(Ids.filedFrame(), Ids.name(), "330105199001011230", Ids.phone(), "")          // line 5: bad ID check
                + row(Ids.filedFrame(), Ids.name(), Ids.idNumber(), "12345", "")                     // line 6: bad phone
                + row("LFNO123", Ids.name(), Ids.idNumber(), Ids.phone(), "")                        // line 7: bad frame
                + row(good2, Ids.name(), Ids.idNumber(), Ids.phone(), "");                           // line 8: duplicate
        JsonPath r = api.as(api.regulator()).contentType("text/csv; charset=UTF-8").body(csv).post("/api/vehicles/import")
                .then().statusCode(200).extract().jsonPath();
        assertThat(r.getInt("imported")).isEqualTo(3);
        assertThat(r.getInt("rejected")).isEqualTo(3);
        assertThat(r.getInt("skipped")).isEqualTo(1);
        List<Map<String, Object>> errors = r.getList("errors");
        assertThat(errors).extracting(e -> ((Number) e.get("line")).intValue()).contains(5, 6, 7);
        assertThat(errors).extracting(e -> e.get("field")).contains("ownerIdNumber", "ownerPhone", "frameNumber");

        JsonPath again = api.as(api.regulator()).contentType("text/csv; charset=UTF-8").body(csv).post("/api/vehicles/import")
                .then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("imported")).as("re-importing the same file changes nothing").isZero();
        assertThat(again.getInt("skipped")).isEqualTo(4);
        Summary.line("journey: CSV import 3 imported / 3 rejected by line / 1 skipped; re-import 0 imported");
    }

    @Test
    @Order(2)
    void dealerJoinsThePlatformAndIsAuthorised() {
        dealer = api.dealer(DISTRICT, true);
        api.as(api.token(dealer)).get("/api/dealers/" + dealer.id()).then().statusCode(200)
                .body("tradeInEnabled", equalTo(true))
                .body("authorizedAgent", equalTo(true))
                .body("commitmentSignedAt", not(equalTo(null)));
    }

    @Test
    @Order(3)
    void dealerFindsTheOwnerAndTheFiledBikeAndOpensATradeIn() {
        // the owner shows the ID card: registering a known ID number answers the existing owner
        JsonPath o = api.as(api.token(dealer)).body(Map.of("name", ownerName, "idNumber", ownerIdNumber, "phone", ownerPhone))
                .post("/api/owners").then().statusCode(200).extract().jsonPath();
        owner = new Owner(o.getString("id"), ownerName, ownerIdNumber, ownerPhone);
        assertThat(o.getString("idNumber")).isEqualTo(ownerIdNumber.substring(0, 6) + "********" + ownerIdNumber.substring(14));
        assertThat(o.getString("phone")).isEqualTo(ownerPhone.substring(0, 3) + "****" + ownerPhone.substring(7));
        assertThat(o.getString("name")).startsWith(ownerName.substring(0, 1)).doesNotContain(ownerName.substring(1));

        JsonPath found = api.as(api.token(dealer)).queryParam("frameNumber", oldFrame).get("/api/vehicles")
                .then().statusCode(200).body("items", hasSize(1)).extract().jsonPath();
        oldVehicleId = found.getString("items[0].id");
        assertThat(found.getString("items[0].category")).isEqualTo("NON_STANDARD_FILED");
        assertThat(found.getString("items[0].ownerId")).isEqualTo(owner.id());

        tradeInId = api.openTradeIn(dealer, owner, oldVehicleId);
        api.as(api.token(dealer)).body(Map.of("oldVehicleId", oldVehicleId, "ownerId", owner.id()))
                .post("/api/trade-ins").then().statusCode(409);
    }

    @Test
    @Order(4)
    void recyclingScrapsTheOldBikeAndRevokesItsPlate() {
        String oldQr = api.as(api.token(dealer)).get("/api/plates/" + oldPlate).then().statusCode(200)
                .extract().path("qrPayload");
        api.anonymous().body(Map.of("qrPayload", oldQr)).post("/api/plates/verify").then().statusCode(200)
                .body("valid", equalTo(true));

        api.as(api.token(dealer)).body(Map.of("recyclingReceiptNo", Ids.receipt(), "batteryReturned", true))
                .post("/api/trade-ins/" + tradeInId + "/recycling").then().statusCode(200)
                .body("recycledAt", not(equalTo(null)));

        api.as(api.regulator()).get("/api/vehicles/" + oldVehicleId).then().statusCode(200)
                .body("status", equalTo("SCRAPPED"));
        api.as(api.regulator()).get("/api/plates/" + oldPlate).then().statusCode(200)
                .body("status", equalTo("REVOKED"));
        api.anonymous().body(Map.of("qrPayload", oldQr)).post("/api/plates/verify").then().statusCode(200)
                .body("valid", equalTo(false)).body("reason", equalTo("REVOKED"));
        api.as(api.regulator()).get("/api/vehicles/" + oldVehicleId + "/history").then().statusCode(200)
                .body("toStatus", hasItem("SCRAPPED"));
    }

    @Test
    @Order(5)
    void theNewCompliantBikeIsPlatedAndItsQrVerifiesOfflineAndOnline() {
        String[] bike = api.newPlatedBike(dealer, owner);
        newPlateNumber = bike[1];
        newQr = bike[2];
        api.as(api.token(dealer)).body(Map.of("newVehicleId", bike[0]))
                .post("/api/trade-ins/" + tradeInId + "/new-vehicle").then().statusCode(200);

        JsonPath key = api.anonymous().get("/api/plates/public-key").then().statusCode(200).extract().jsonPath();
        PlateQr.Content offline = PlateQr.verifyOffline(newQr, key);
        assertThat(offline.plateNumber()).isEqualTo(newPlateNumber);

        String tampered = PlateQr.tamper(newQr);
        assertThat(PlateQr.verifiesOffline(tampered, key)).isFalse();

        api.anonymous().body(Map.of("qrPayload", newQr)).post("/api/plates/verify").then().statusCode(200)
                .body("valid", equalTo(true)).body("plateNumber", equalTo(newPlateNumber))
                .body("category", equalTo("COMPLIANT"));
        api.anonymous().body(Map.of("qrPayload", tampered)).post("/api/plates/verify").then().statusCode(200)
                .body("valid", equalTo(false)).body("reason", equalTo("BAD_SIGNATURE"));
        api.anonymous().body(Map.of("qrPayload", "not a plate")).post("/api/plates/verify").then().statusCode(200)
                .body("valid", equalTo(false)).body("reason", equalTo("MALFORMED"));
    }

    @Test
    @Order(6)
    void completionIsTimedByTheServerAndHandedToSubsidy() {
        Instant before = Instant.now().minusSeconds(5);
        String completedAt = api.complete(dealer, tradeInId).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).extract().path("completedAt");
        assertThat(Instant.parse(completedAt)).isBetween(before, Instant.now().plusSeconds(5));
        api.complete(dealer, tradeInId).then().statusCode(409);
        Api.await("the claim to reach subsidy", Duration.ofSeconds(60),
                () -> Boolean.TRUE.equals(api.tradeIn(tradeInId).getBoolean("claimDelivered")));
    }

    @Test
    @Order(7)
    void theOwnerSignsInBySmsAndSeesBikesTradeInAndAGrantOfTheCurrentPhase() {
        ownerToken = api.ownerLogin(ownerPhone);
        String token = ownerToken;
        api.as(token).get("/api/owners/me").then().statusCode(200).body("id", equalTo(owner.id()));
        api.as(token).get("/api/vehicles").then().statusCode(200)
                .body("items.id", hasItem(oldVehicleId))
                .body("items.plateNumber", hasItem(newPlateNumber));
        api.as(token).get("/api/trade-ins").then().statusCode(200)
                .body("items.id", hasItem(tradeInId));
        JsonPath s = api.as(token).get("/api/subsidies/me").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> mine = s.getList("items");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0)).containsEntry("tradeInId", tradeInId).containsEntry("status", "GRANTED")
                .containsEntry("campaignId", campaignId);
        assertThat(((Number) mine.get(0).get("amountFen")).longValue()).as("phase 2 pays 200 yuan").isEqualTo(20_000L);
        assertThat(((Number) mine.get(0).get("rank")).intValue()).isEqualTo(1);
    }

    @Test
    @Order(8)
    void bindingAWalletGetsTheSubsidyPaidOnce() {
        // one SMS code per phone per minute: the owner stays signed in with the token from the login above
        String token = ownerToken;
        api.as(token).body(Map.of("walletId", "0021" + Ids.ccc())).put("/api/subsidies/wallet").then().statusCode(200);
        String subsidyId = api.as(token).get("/api/subsidies/me").then().extract().path("items[0].id");
        Api.await("the subsidy to be PAID", Duration.ofSeconds(90), () -> "PAID".equals(
                api.as(api.regulator()).get("/api/subsidies/" + subsidyId).then().extract().path("status")));
        JsonPath paid = api.as(token).get("/api/subsidies/" + subsidyId).then().statusCode(200).extract().jsonPath();
        assertThat(paid.getString("paidAt")).isNotNull();
        assertThat(paid.getInt("payoutAttempts")).isGreaterThanOrEqualTo(1);

        JsonPath stats = api.as(api.regulator()).get("/api/campaigns/" + campaignId + "/stats").then().statusCode(200)
                .extract().jsonPath();
        assertThat(stats.getList("phases.granted", Integer.class)).containsExactly(0, 1, 0);
        assertThat(stats.getList("phases.paid", Integer.class)).containsExactly(0, 1, 0);
        assertThat(stats.getList("phases.paidFen", Long.class)).containsExactly(0L, 20_000L, 0L);
        assertThat(stats.getList("phases.remaining", Integer.class)).containsExactly(2560, 2559, 2560);
        Summary.line("journey: import → dealer → trade-in → plate QR (offline+online) → SMS login → GRANTED 20000 fen → PAID");
    }

    private static String row(String frame, String name, String id, String phone, String plate) {
        return String.join(",", frame, "M" + Ids.ccc(), "老款", "X1", "LEAD_ACID", name, id, phone,
                "2024-05-01T00:00:00Z", plate) + "\n";
    }
}
