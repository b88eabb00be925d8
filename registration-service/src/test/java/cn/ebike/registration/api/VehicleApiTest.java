package cn.ebike.registration.api;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.TestData;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VehicleApiTest {

    @Test
    void aDealerRegistersACompliantBikeAndIsRecordedAsItsDealer() {
        UUID dealer = UUID.randomUUID();
        String owner = Api.newOwner();
        Map<String, Object> body = Api.compliantBody(owner);
        Api.json(Tokens.dealer(dealer)).body(body).post("/api/vehicles").then().statusCode(201)
                .header("Location", containsString("/api/vehicles/"))
                .body("id", notNullValue())
                .body("registrationCode", matchesPattern("EB[0-9A-Z]{20}"))
                .body("frameNumber", equalTo(body.get("frameNumber")))
                .body("category", equalTo("COMPLIANT"))
                .body("batteryType", equalTo("LITHIUM"))
                .body("cccCertificate", equalTo(body.get("cccCertificate")))
                .body("status", equalTo("REGISTERED"))
                .body("ownerId", equalTo(owner))
                .body("owner.name", equalTo("张*"))
                .body("owner.idNumber", containsString("********"))
                .body("plateNumber", nullValue())
                .body("plateStatus", nullValue())
                .body("registeredByDealerId", equalTo(dealer.toString()))
                .body("registeredAt", notNullValue())
                .body("filedAt", nullValue());
    }

    @Test
    void aRegulatorRegistersAFiledNonStandardBikeWithItsFilingDate() {
        Map<String, Object> body = Api.filedBody(Api.newOwner());
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(201)
                .body("category", equalTo("NON_STANDARD_FILED"))
                .body("filedAt", equalTo("2024-03-15T00:00:00Z"))
                .body("registeredByDealerId", nullValue());
        Map<String, Object> gbCode = Api.filedBody(Api.newOwner());
        gbCode.put("frameNumber", TestData.compliantFrame());
        Api.json(Tokens.regulator()).body(gbCode).post("/api/vehicles").then().statusCode(201);
    }

    @Test
    void frameNumbersAreNormalisedToUpperCase() {
        Map<String, Object> body = Api.filedBody(Api.newOwner());
        String frame = (String) body.get("frameNumber");
        body.put("frameNumber", " " + frame.toLowerCase() + " ");
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(201)
                .body("frameNumber", equalTo(frame));
    }

    @Test
    void aCompliantBikeNeedsTheGbFrameCodeAndACccCertificateAndNoFilingDate() {
        Map<String, Object> body = Api.compliantBody(Api.newOwner());
        body.put("frameNumber", TestData.filedFrame());
        body.remove("cccCertificate");
        body.put("filedAt", "2024-01-01T00:00:00Z");
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("frameNumber", "cccCertificate", "filedAt"))
                .body("errors.find { it.field == 'frameNumber' }.message", containsString("GB 17761"));
    }

    @Test
    void aFiledBikeNeedsAFilingDateNotInTheFuture() {
        Map<String, Object> body = Api.filedBody(Api.newOwner());
        body.remove("filedAt");
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("filedAt"));
        body.put("filedAt", Instant.now().plusSeconds(86400).toString());
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                .body("errors[0].message", containsString("future"));
    }

    @Test
    void badIdentifiersAndMissingFieldsAreAllListed() {
        Map<String, Object> body = Map.of("frameNumber", "LSVAB2BM0ND12345I", "cccCertificate", "123",
                "motorNumber", "M 1", "category", "COMPLIANT");
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("frameNumber", "cccCertificate", "motorNumber", "brand",
                        "model", "batteryType", "ownerId"));
    }

    @Test
    void anUnknownOwnerIs400OnOwnerId() {
        Api.json(Tokens.regulator()).body(Api.compliantBody(UUID.randomUUID().toString())).post("/api/vehicles")
                .then().statusCode(400).body("errors[0].field", equalTo("ownerId"));
    }

    @Test
    void aDuplicateFrameNumberIs409() {
        String owner = Api.newOwner();
        Map<String, Object> body = Api.compliantBody(owner);
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(201);
        Api.json(Tokens.dealer(UUID.randomUUID())).body(body).post("/api/vehicles").then().statusCode(409)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("frameNumber"));
    }

    @Test
    void unknownEnumValuesWrongTypesAndBrokenJsonAre400NamingTheField() {
        Map<String, Object> body = Api.compliantBody(Api.newOwner());
        body.put("batteryType", "NUCLEAR");
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                .body("errors[0].field", equalTo("batteryType"))
                .body("errors[0].message", containsString("LEAD_ACID"));
        body = Api.compliantBody(Api.newOwner());
        body.put("ownerId", 12345);
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                .body("errors[0].field", equalTo("ownerId"));
        body = Api.compliantBody(Api.newOwner());
        body.put("ownerId", "not-a-uuid");
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                .body("errors[0].field", equalTo("ownerId"));
        body = Api.filedBody(Api.newOwner());
        body.put("filedAt", "last tuesday");
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                .body("errors[0].field", equalTo("filedAt"));
        body = Api.compliantBody(Api.newOwner());
        body.put("brand", Map.of("nested", true));
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                .body("errors[0].field", equalTo("brand"));
        Api.json(Tokens.regulator()).body("{\"frameNumber\": ").post("/api/vehicles").then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("body"));
        Api.json(Tokens.regulator()).body("[1,2]").post("/api/vehicles").then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void aBodyOfAnotherMediaTypeIs415() {
        Api.as(Tokens.regulator()).contentType("text/plain").body("hello").post("/api/vehicles").then().statusCode(415)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void servicesSeeTheInternalFields() {
        String vehicle = Api.compliantVehicle(UUID.randomUUID(), Api.newOwner()).getString("id");
        Api.as(Tokens.service("subsidy-service")).get("/api/vehicles/" + vehicle).then().statusCode(200)
                .body("id", equalTo(vehicle)).body("cccCertificate", notNullValue())
                .body("scrappedAt", nullValue()).body("scrapReference", nullValue())
                .body("$", org.hamcrest.Matchers.hasKey("plateStatus"));
    }

    @Test
    void anUnknownOrMalformedIdIs404() {
        Api.as(Tokens.regulator()).get("/api/vehicles/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        Api.as(Tokens.regulator()).get("/api/vehicles/nope").then().statusCode(404);
    }

    @Test
    void everyErrorNamesItsProblemType() {
        Api.json(Tokens.regulator()).body("{}").post("/api/vehicles").then().statusCode(400)
                .body("type", equalTo("https://ebike.local/problems/invalid-input"))
                .body("title", notNullValue()).body("status", equalTo(400)).body("detail", notNullValue())
                .body("errors.field", hasItem("frameNumber"));
    }
}
