package cn.ebike.subsidy.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import cn.ebike.subsidy.testsupport.Fixtures;
import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, items 10 and 11 in subsidy-service: hostile free text and numbers that are not integers are a 400
 * naming the field (never a 500, never stored); any page is 200 or 400; every bad field is listed.
 */
@QuarkusTest
class HostileInputTest {

    static final List<String> HOSTILE = List.of("a\u0000b", "a\u202Eb", "<img src=x onerror=alert(1)>", "a\u0007b");
    static final String INVALID = "https://ebike.local/problems/invalid-input";

    private static Map<String, Object> campaign(String name, String district, Map<String, Object> phase) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("district", district);
        body.put("filedBefore", Fixtures.FILED_BEFORE.toString());
        body.put("phases", List.of(phase));
        return body;
    }

    private static io.restassured.response.ValidatableResponse post(Object body) {
        return given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON).body(body).post("/api/campaigns")
                .then();
    }

    private static Map<String, Object> goodPhase() {
        return Fixtures.phase("一期", Fixtures.JUNE, Fixtures.JULY, 30000, 10);
    }

    @Test
    void hostileCampaignOrPhaseNamesAndDistrictsAreInvalidInput() {
        for (String bad : HOSTILE) {
            post(campaign(bad, Fixtures.district(), goodPhase())).statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo(INVALID)).body("errors.field", hasItem("name"));
            post(campaign("活动", bad, goodPhase())).statusCode(400).body("errors.field", hasItem("district"));
            Map<String, Object> phase = goodPhase();
            phase.put("name", bad);
            post(campaign("活动", Fixtures.district(), phase)).statusCode(400).body("errors.field", hasItem("phases[0].name"));
        }
    }

    @Test
    void aFractionalOrStringAmountOrQuotaIsInvalidInputNotRounded() {
        for (Object amount : List.of(100.5, "100", true)) {
            Map<String, Object> phase = goodPhase();
            phase.put("amountFen", amount);
            post(campaign("活动", Fixtures.district(), phase)).statusCode(400).body("type", equalTo(INVALID));
        }
        for (Object quota : List.of(5.5, "5")) {
            Map<String, Object> phase = goodPhase();
            phase.put("quota", quota);
            post(campaign("活动", Fixtures.district(), phase)).statusCode(400).body("type", equalTo(INVALID));
        }
        // a number too large for a long is invalid input too, not an error
        post("{\"name\":\"x\",\"district\":\"d\",\"filedBefore\":\"2024-01-01T00:00:00Z\",\"phases\":[{\"name\":\"p\","
                + "\"startsAt\":\"2026-06-01T00:00:00Z\",\"endsAt\":\"2026-07-01T00:00:00Z\",\"amountFen\":"
                + "99999999999999999999999,\"quota\":1}]}").statusCode(400);
    }

    @Test
    void everyBadFieldOfACampaignIsListed() {
        Map<String, Object> phase = goodPhase();
        phase.put("name", "<b>");
        phase.put("amountFen", -1);
        phase.put("quota", 0);
        post(campaign("a\u0000", "", phase)).statusCode(400)
                .body("errors.field", hasItems("name", "district", "phases[0].name", "phases[0].amountFen", "phases[0].quota"));
    }

    @Test
    void aPageBeyondAnyResultIsEmptyOrInvalidNeverAnError() {
        for (String path : List.of("/api/campaigns", "/api/subsidies")) {
            for (String[] q : new String[][] {{"10737419", "200"}, {"9223372036854775807", "200"}, {"-1", "1"},
                    {"1.5", "10"}, {"0", "2.5"}, {"x", "y"}}) {
                given().auth().oauth2(Tokens.regulator()).queryParam("page", q[0]).queryParam("size", q[1]).get(path)
                        .then().statusCode(anyOf(equalTo(200), equalTo(400)));
            }
            given().auth().oauth2(Tokens.regulator()).queryParam("page", "10737419").queryParam("size", "200").get(path)
                    .then().statusCode(200).body("items.size()", equalTo(0));
        }
        given().auth().oauth2(Tokens.owner(UUID.randomUUID())).queryParam("page", "10737419").queryParam("size", "200")
                .get("/api/subsidies/me").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void aHostileWalletIdIsInvalidInput() {
        for (String bad : HOSTILE) {
            given().auth().oauth2(Tokens.owner(UUID.randomUUID())).contentType(ContentType.JSON)
                    .body(Map.of("walletId", "0021" + bad + "1234567")).put("/api/subsidies/wallet").then().statusCode(400)
                    .body("errors.field", hasItem("walletId"));
        }
    }
}
