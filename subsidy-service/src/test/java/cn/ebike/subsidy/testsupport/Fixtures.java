package cn.ebike.subsidy.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Campaigns and claims through the API, as a regulator and tradein-service would make them. */
public final class Fixtures {

    public static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z");
    public static final Instant JULY = Instant.parse("2026-07-01T00:00:00Z");
    public static final Instant AUGUST = Instant.parse("2026-08-01T00:00:00Z");
    public static final Instant SEPTEMBER = Instant.parse("2026-09-01T00:00:00Z");
    public static final Instant FILED_BEFORE = Instant.parse("2024-04-15T00:00:00Z");
    public static final Instant FILED = Instant.parse("2023-03-01T00:00:00Z");

    private Fixtures() {
    }

    /** A district nobody else uses, so each test has its own campaigns. */
    public static String district() {
        return "district-" + UUID.randomUUID();
    }

    public record Created(UUID campaignId, List<UUID> phaseIds, String district) {
    }

    public static Map<String, Object> phase(String name, Instant from, Instant to, long amountFen, int quota) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("startsAt", from.toString());
        p.put("endsAt", to.toString());
        p.put("amountFen", amountFen);
        p.put("quota", quota);
        return p;
    }

    /** The district's real campaign shape: June / July / August at 300 / 200 / 100 yuan. */
    public static Created threePhases(String district, int q1, int q2, int q3) {
        return create(district, List.of(
                phase("June", JUNE, JULY, 30000, q1),
                phase("July", JULY, AUGUST, 20000, q2),
                phase("August", AUGUST, SEPTEMBER, 10000, q3)));
    }

    public static Created create(String district, List<Map<String, Object>> phases) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Early trade-in subsidy " + district);
        body.put("district", district);
        body.put("filedBefore", FILED_BEFORE.toString());
        body.put("phases", phases);
        ValidatableResponse r = given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON).body(body)
                .when().post("/api/campaigns").then().statusCode(201);
        List<String> ids = r.extract().jsonPath().getList("phases.id");
        List<UUID> phaseIds = new ArrayList<>();
        ids.forEach(i -> phaseIds.add(UUID.fromString(i)));
        return new Created(UUID.fromString(r.extract().jsonPath().getString("id")), phaseIds, district);
    }

    public static ValidatableResponse claim(UUID tradeInId) {
        return given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON)
                .body(Map.of("tradeInId", tradeInId.toString()))
                .when().post("/api/subsidies/claims").then();
    }
}
