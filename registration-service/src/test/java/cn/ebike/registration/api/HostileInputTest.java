package cn.ebike.registration.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.TestData;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, items 10 and 11 in registration-service: hostile free text is a 400 naming the field (never a 500,
 * never stored), numbers are numbers, any page is 200 or 400, every bad field is listed.
 */
@QuarkusTest
class HostileInputTest {

    static final List<String> HOSTILE = List.of("a\u0000b", "a\u202Eb", "<img src=x onerror=alert(1)>", "a\u0007b",
            "a\u2066b");
    static final String INVALID = "https://ebike.local/problems/invalid-input";

    @Test
    void hostileBrandOrModelIsInvalidInputNamingTheField() {
        String owner = Api.newOwner();
        for (String bad : HOSTILE) {
            for (String field : List.of("brand", "model")) {
                Map<String, Object> body = new HashMap<>(Api.compliantBody(owner));
                body.put(field, bad);
                Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                        .contentType("application/problem+json").body("type", equalTo(INVALID))
                        .body("errors.field", hasItem(field));
            }
        }
    }

    @Test
    void hostileOwnerNameIsInvalidInput() {
        for (String bad : HOSTILE) {
            Api.json(Tokens.regulator()).body(Api.ownerBody(bad, TestData.idNumber(), TestData.phone()))
                    .post("/api/owners").then().statusCode(400).body("type", equalTo(INVALID))
                    .body("errors.field", hasItem("name"));
        }
    }

    @Test
    void hostileScrapReasonOrReferenceIsInvalidInput() {
        String owner = Api.newOwner();
        String vehicle = Api.json(Tokens.regulator()).body(Api.filedBody(owner)).post("/api/vehicles").then()
                .statusCode(201).extract().path("id");
        for (String bad : HOSTILE) {
            Api.json(Tokens.regulator()).body(Map.of("reason", bad, "reference", "ref-1"))
                    .post("/api/vehicles/" + vehicle + "/scrap").then().statusCode(400).body("errors.field", hasItem("reason"));
            Api.json(Tokens.regulator()).body(Map.of("reason", "ok", "reference", bad))
                    .post("/api/vehicles/" + vehicle + "/scrap").then().statusCode(400).body("errors.field", hasItem("reference"));
        }
        Api.json(Tokens.regulator()).get("/api/vehicles/" + vehicle).then().statusCode(200).body("status", equalTo("REGISTERED"));
    }

    @Test
    void hostileTextInAnImportRowIsALineError() {
        String csv = "frameNumber,motorNumber,brand,model,batteryType,ownerName,ownerIdNumber,ownerPhone,filedAt,plateNumber\n"
                + TestData.filedFrame() + ",M1,<b>绿源</b>,T1,LEAD_ACID,陈大文," + TestData.idNumber() + "," + TestData.phone()
                + ",2023-01-01,\n"
                + TestData.filedFrame() + ",M2,绿源,T\u0000X,LEAD_ACID,陈大文," + TestData.idNumber() + "," + TestData.phone()
                + ",2023-01-01,\n";
        JsonPath r = Api.as(Tokens.regulator()).contentType("text/csv; charset=UTF-8").body(csv)
                .post("/api/vehicles/import").then().statusCode(200).extract().jsonPath();
        assertThat(r.getLong("imported")).isZero();
        assertThat(r.getList("errors")).extracting(e -> ((Map<?, ?>) e).get("line") + ":" + ((Map<?, ?>) e).get("field"))
                .containsExactlyInAnyOrder("2:brand", "3:model");
    }

    @Test
    void everyBadFieldOfAVehicleIsListed() {
        Map<String, Object> body = new HashMap<>(Api.compliantBody(UUID.randomUUID().toString()));
        body.put("frameNumber", "123");
        body.put("brand", "a\u0000");
        body.put("model", "<x>");
        body.put("cccCertificate", "12");
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                .body("errors.field", hasItems("frameNumber", "brand", "model", "cccCertificate"));
    }

    @Test
    void aPageBeyondAnyResultIsEmptyOrInvalidNeverAnError() {
        for (String[] q : new String[][] {{"10737419", "200"}, {"9223372036854775807", "200"}, {"99999999999999999999", "1"},
                {"-1", "10"}, {"1.5", "10"}, {"0", "201"}, {"0", "2.5"}, {"x", "y"}}) {
            Api.as(Tokens.regulator()).queryParam("page", q[0]).queryParam("size", q[1]).get("/api/vehicles").then()
                    .statusCode(anyOf(equalTo(200), equalTo(400)));
        }
        Api.as(Tokens.regulator()).queryParam("page", "10737419").queryParam("size", "200").get("/api/vehicles").then()
                .statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void numbersAndBooleansAreNotCoerced() {
        Map<String, Object> body = new HashMap<>(Api.compliantBody(Api.newOwner()));
        body.put("brand", 12);
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                .body("type", equalTo(INVALID));
    }
}
