package cn.ebike.tradein.dealer;

import static cn.ebike.tradein.support.Api.as;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import cn.ebike.tradein.support.Api;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.Scenario;
import cn.ebike.tradein.support.TestUscc;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, items 10 and 11 in tradein-service: hostile free text (dealer name, address, district, receipt,
 * cancellation reason) is a 400 naming the field, never a 500 and never stored; booleans are booleans; any page
 * is 200 or 400; every bad field is listed.
 */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class HostileInputTest {

    static final List<String> HOSTILE = List.of("a\u0000b", "a\u202Eb", "<img src=x onerror=alert(1)>", "a\u0007b");
    static final String INVALID = "https://ebike.local/problems/invalid-input";

    @InjectWireMock
    WireMockServer wireMock;

    @Test
    void hostileDealerTextIsInvalidInputNamingTheField() {
        for (String bad : HOSTILE) {
            for (String field : List.of("name", "address", "district")) {
                Map<String, Object> body = new HashMap<>(Api.dealerBody(TestUscc.random()));
                body.put(field, bad);
                as(Tokens.regulator()).body(body).post("/api/dealers").then().statusCode(400)
                        .contentType("application/problem+json").body("type", equalTo(INVALID))
                        .body("errors.field", hasItem(field));
            }
        }
    }

    @Test
    void everyBadFieldOfADealerIsListed() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "a\u0000");
        body.put("uscc", "123");
        body.put("address", "<script>");
        body.put("district", "");
        body.put("contactPhone", "12");
        as(Tokens.regulator()).body(body).post("/api/dealers").then().statusCode(400)
                .body("errors.field", hasItems("name", "uscc", "address", "district", "contactPhone"));
    }

    @Test
    void hostileCancellationReasonIsInvalidInputAndTheTradeInStaysOpen() {
        Scenario s = Scenario.fresh(wireMock).opened();
        for (String bad : HOSTILE) {
            as(s.dealerToken()).body(Map.of("reason", bad)).post(s.path("/cancellation")).then().statusCode(400)
                    .body("errors.field", hasItem("reason"));
        }
        as(s.dealerToken()).get(s.path("")).then().body("status", equalTo("OPEN"));
    }

    @Test
    void aStringWhereABooleanIsDueIsInvalidInput() {
        Scenario s = Scenario.fresh(wireMock).opened();
        as(s.dealerToken()).body(Map.of("recyclingReceiptNo", Api.newReceipt(), "batteryReturned", "true"))
                .post(s.path("/recycling")).then().statusCode(400).body("type", equalTo(INVALID));
        as(s.dealerToken()).get(s.path("")).then().body("status", equalTo("OPEN"));
    }

    @Test
    void aPageBeyondAnyResultIsEmptyOrInvalidNeverAnError() {
        for (String path : List.of("/api/dealers", "/api/trade-ins", "/api/trade-ins/claims")) {
            for (String[] q : new String[][] {{"10737419", "200"}, {"9223372036854775807", "200"}, {"-1", "1"},
                    {"1.5", "10"}, {"0", "2.5"}, {"x", "y"}}) {
                as(Tokens.regulator()).queryParam("page", q[0]).queryParam("size", q[1]).get(path).then()
                        .statusCode(anyOf(equalTo(200), equalTo(400)));
            }
            as(Tokens.regulator()).queryParam("page", "10737419").queryParam("size", "200").get(path).then()
                    .statusCode(200).body("items.size()", equalTo(0));
        }
    }
}
