package cn.ebike.registration.support;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Small helpers over REST Assured: UTF-8 bodies, bearer tokens, and the common set-up calls. */
public final class Api {

    static {
        RestAssured.config = RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .defaultCharsetForContentType("UTF-8", ContentType.JSON)
                .defaultCharsetForContentType("UTF-8", "text/csv")
                .appendDefaultContentCharsetToContentTypeIfUndefined(false));
    }

    private Api() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification json(String token) {
        return as(token).contentType(ContentType.JSON);
    }

    public static Map<String, Object> ownerBody(String name, String idNumber, String phone) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("idNumber", idNumber);
        body.put("phone", phone);
        return body;
    }

    /** Registers a fresh owner (as a regulator) and returns its id. */
    public static String newOwner() {
        return json(Tokens.regulator()).body(ownerBody("张三", TestData.idNumber(), TestData.phone()))
                .post("/api/owners").then().statusCode(201).extract().path("id");
    }

    public static Map<String, Object> compliantBody(String ownerId) {
        Map<String, Object> body = new HashMap<>();
        body.put("frameNumber", TestData.compliantFrame());
        body.put("motorNumber", "M" + TestData.digits(8));
        body.put("brand", "雅迪");
        body.put("model", "DE2");
        body.put("category", "COMPLIANT");
        body.put("batteryType", "LITHIUM");
        body.put("cccCertificate", TestData.ccc());
        body.put("ownerId", ownerId);
        return body;
    }

    public static Map<String, Object> filedBody(String ownerId) {
        Map<String, Object> body = new HashMap<>();
        body.put("frameNumber", TestData.filedFrame());
        body.put("motorNumber", "M" + TestData.digits(8));
        body.put("brand", "无名");
        body.put("model", "X1");
        body.put("category", "NON_STANDARD_FILED");
        body.put("batteryType", "LEAD_ACID");
        body.put("ownerId", ownerId);
        body.put("filedAt", "2024-03-15T00:00:00Z");
        return body;
    }

    /** A compliant bike registered by {@code dealerId}; returns the vehicle JSON. */
    public static JsonPath compliantVehicle(UUID dealerId, String ownerId) {
        return json(Tokens.dealer(dealerId)).body(compliantBody(ownerId)).post("/api/vehicles")
                .then().statusCode(201).extract().jsonPath();
    }

    /** A filed non-standard bike registered by a regulator; returns the vehicle JSON. */
    public static JsonPath filedVehicle(String ownerId) {
        return json(Tokens.regulator()).body(filedBody(ownerId)).post("/api/vehicles")
                .then().statusCode(201).extract().jsonPath();
    }

    public static JsonPath issuePlate(String token, String vehicleId) {
        return as(token).post("/api/vehicles/" + vehicleId + "/plate").then().statusCode(201).extract().jsonPath();
    }
}
