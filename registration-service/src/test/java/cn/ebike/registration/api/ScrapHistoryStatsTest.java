package cn.ebike.registration.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ScrapHistoryStatsTest {

    private static Map<String, String> scrap(String reference) {
        return Map.of("reason", "recycled at dealer", "reference", reference);
    }

    @Test
    void scrappingRevokesThePlateAndTheSameReferenceAgainChangesNothing() {
        String owner = Api.newOwner();
        String vehicle = Api.filedVehicle(owner).getString("id");
        String qr = Api.issuePlate(Tokens.regulator(), vehicle).getString("qrPayload");
        String reference = UUID.randomUUID().toString();

        JsonPath first = Api.json(Tokens.service()).body(scrap(reference)).post("/api/vehicles/" + vehicle + "/scrap")
                .then().statusCode(200).body("status", equalTo("SCRAPPED")).body("plateStatus", equalTo("REVOKED"))
                .body("scrapReference", equalTo(reference)).body("scrappedAt", notNullValue())
                .extract().jsonPath();
        Api.json(Tokens.service()).body(scrap(reference)).post("/api/vehicles/" + vehicle + "/scrap")
                .then().statusCode(200).body("status", equalTo("SCRAPPED"))
                .body("scrappedAt", equalTo(first.getString("scrappedAt")));

        given().contentType("application/json").body(Map.of("qrPayload", qr)).post("/api/plates/verify").then()
                .statusCode(200).body("valid", equalTo(false)).body("reason", equalTo("REVOKED"))
                .body("status", equalTo("REVOKED")).body("ownerName", equalTo("张*"));

        List<String> actions = Api.as(Tokens.owner(owner)).get("/api/vehicles/" + vehicle + "/history")
                .then().statusCode(200).extract().path("action");
        assertThat(actions).containsExactly("REGISTERED", "PLATE_ISSUED", "SCRAPPED", "PLATE_REVOKED");
    }

    @Test
    void anotherReferenceAfterScrappingIs409() {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        Api.json(Tokens.regulator()).body(scrap("trade-in-1")).post("/api/vehicles/" + vehicle + "/scrap")
                .then().statusCode(200);
        Api.json(Tokens.service()).body(scrap("trade-in-2")).post("/api/vehicles/" + vehicle + "/scrap")
                .then().statusCode(409).contentType(containsString("application/problem+json"));
    }

    @Test
    void aScrappedVehicleGetsNoPlate() {
        UUID dealer = UUID.randomUUID();
        String vehicle = Api.compliantVehicle(dealer, Api.newOwner()).getString("id");
        Api.json(Tokens.regulator()).body(scrap("ref")).post("/api/vehicles/" + vehicle + "/scrap").then().statusCode(200);
        Api.as(Tokens.dealer(dealer)).post("/api/vehicles/" + vehicle + "/plate").then().statusCode(409);
    }

    @Test
    void scrappingAnUnknownVehicleIs404AndAnIncompleteRequest400() {
        Api.json(Tokens.service()).body(scrap("r")).post("/api/vehicles/" + UUID.randomUUID() + "/scrap")
                .then().statusCode(404);
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        Api.json(Tokens.service()).body(Map.of("reason", "x")).post("/api/vehicles/" + vehicle + "/scrap")
                .then().statusCode(400).body("errors.field", contains("reference"));
        Api.as(Tokens.service()).get("/api/vehicles/" + vehicle).then().body("status", equalTo("REGISTERED"));
    }

    @Test
    void historyTellsWhoChangedWhatFromWhichStatusToWhich() {
        String owner = Api.newOwner();
        String vehicle = Api.filedVehicle(owner).getString("id");
        Api.json(Tokens.service("tradein-service")).body(scrap("T-1")).post("/api/vehicles/" + vehicle + "/scrap")
                .then().statusCode(200);
        Api.as(Tokens.regulator()).get("/api/vehicles/" + vehicle + "/history").then().statusCode(200)
                .body("action", contains("REGISTERED", "SCRAPPED"))
                .body("[0].actor", equalTo("regulator-1")).body("[0].toStatus", equalTo("REGISTERED"))
                .body("[1].actor", equalTo("tradein-service")).body("[1].actorRole", equalTo("SERVICE"))
                .body("[1].fromStatus", equalTo("REGISTERED")).body("[1].toStatus", equalTo("SCRAPPED"))
                .body("[1].detail", containsString("T-1")).body("[1].at", notNullValue());
    }

    @Test
    void anotherOwnerCannotReadTheHistory() {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        Api.as(Tokens.owner(Api.newOwner())).get("/api/vehicles/" + vehicle + "/history").then().statusCode(404);
        Api.as(Tokens.regulator()).get("/api/vehicles/" + UUID.randomUUID() + "/history").then().statusCode(404);
    }

    @Test
    void statsCountFiledScrappedCompliantAndPlates() {
        JsonPath before = Api.as(Tokens.regulator()).get("/api/vehicles/stats").then().statusCode(200).extract().jsonPath();
        String filed = Api.filedVehicle(Api.newOwner()).getString("id");
        Api.issuePlate(Tokens.regulator(), filed);
        UUID dealer = UUID.randomUUID();
        String compliant = Api.compliantVehicle(dealer, Api.newOwner()).getString("id");
        Api.issuePlate(Tokens.dealer(dealer), compliant);
        Api.json(Tokens.service()).body(scrap("S")).post("/api/vehicles/" + filed + "/scrap").then().statusCode(200);
        JsonPath after = Api.as(Tokens.service("gateway")).get("/api/vehicles/stats").then().statusCode(200)
                .extract().jsonPath();
        assertThat(after.getLong("filedNonStandard") - before.getLong("filedNonStandard")).isEqualTo(1);
        assertThat(after.getLong("filedNonStandardScrapped") - before.getLong("filedNonStandardScrapped")).isEqualTo(1);
        assertThat(after.getLong("compliantRegistered") - before.getLong("compliantRegistered")).isEqualTo(1);
        assertThat(after.getLong("platesIssued") - before.getLong("platesIssued")).isEqualTo(2);
        assertThat(after.getLong("platesActive") - before.getLong("platesActive")).isEqualTo(1);
    }
}
