package cn.ebike.tradein.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Shortcuts through the public API for setting up the state a test needs. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static Map<String, Object> dealerBody(String uscc) {
        return Map.of("name", "绿源电动车城东店", "uscc", uscc, "address", "杭州市上城区望江路 1 号",
                "district", "上城区", "contactPhone", "13812345678");
    }

    /** A new dealer, nothing signed or enabled. */
    public static UUID newDealer() {
        String id = as(Tokens.regulator()).body(dealerBody(TestUscc.random()))
                .post("/api/dealers").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    /** A dealer that signed the commitment and enabled trade-in. */
    public static UUID activeDealer() {
        UUID dealer = newDealer();
        as(Tokens.dealer(dealer)).post("/api/dealers/" + dealer + "/commitment").then().statusCode(200);
        as(Tokens.dealer(dealer)).post("/api/dealers/" + dealer + "/trade-in-enabled").then().statusCode(200);
        return dealer;
    }

    public static UUID openTradeIn(UUID dealer, UUID ownerId, UUID oldVehicleId) {
        String id = as(Tokens.dealer(dealer)).body(Map.of("oldVehicleId", oldVehicleId, "ownerId", ownerId))
                .post("/api/trade-ins").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    public static void recycle(UUID dealer, UUID tradeIn) {
        as(Tokens.dealer(dealer)).body(Map.of("recyclingReceiptNo", receiptFor(tradeIn), "batteryReturned", true))
                .post("/api/trade-ins/" + tradeIn + "/recycling").then().statusCode(200);
    }

    /** The receipt {@link #recycle} presents for this trade-in (receipts are unique across trade-ins). */
    public static String receiptFor(UUID tradeIn) {
        return "RC-" + tradeIn.toString().substring(0, 18);
    }

    /** A receipt number no other test uses. */
    public static String newReceipt() {
        return "R-" + UUID.randomUUID().toString().substring(0, 18);
    }

    public static void recordNewVehicle(UUID dealer, UUID tradeIn, UUID newVehicle) {
        as(Tokens.dealer(dealer)).body(Map.of("newVehicleId", newVehicle))
                .post("/api/trade-ins/" + tradeIn + "/new-vehicle").then().statusCode(200);
    }
}
