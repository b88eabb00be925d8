package cn.ebike.gateway.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, items 10 and 11 at the gateway's own endpoints: hostile text and wrong JSON types are a 400
 * (or the endpoint's ordinary refusal), never a 500; any page is 200 or 400.
 */
@QuarkusTest
class HostileInputTest extends GatewayTestBase {

    static final List<String> HOSTILE = List.of("a\u0000b", "a\u202Eb", "<img src=x onerror=alert(1)>", "a\u0007b");

    @Test
    void hostileUsernamesAreInvalidInputAndLoginsWithThemAreRefusedNotErrors() {
        for (String bad : HOSTILE) {
            given().header("Authorization", AccountsTest.adminBearer()).contentType(ContentType.JSON)
                    .body(Map.of("username", bad, "password", "a-long-enough-password", "role", "REGULATOR"))
                    .post("/api/auth/accounts").then().statusCode(400)
                    .body("type", equalTo("https://ebike.local/problems/invalid-input"))
                    .body("errors.field", hasItem("username"));
            given().contentType(ContentType.JSON).body(Map.of("username", bad, "password", "x\u0000y"))
                    .post("/api/auth/login").then().statusCode(anyOf(equalTo(400), equalTo(401)));
            given().contentType(ContentType.JSON).body(Map.of("phone", bad)).post("/api/auth/owner/code").then()
                    .statusCode(400);
            given().contentType(ContentType.JSON).body(Map.of("phone", "13800000000", "code", bad))
                    .post("/api/auth/owner/login").then().statusCode(anyOf(equalTo(400), equalTo(401)));
        }
    }

    @Test
    void wrongJsonTypesAreInvalidInput() {
        given().header("Authorization", AccountsTest.adminBearer()).contentType(ContentType.JSON)
                .body("{\"username\":12345,\"password\":\"a-long-enough-password\",\"role\":\"REGULATOR\"}")
                .post("/api/auth/accounts").then().statusCode(400);
        given().header("Authorization", Tokens.bearer("regulator-h", "REGULATOR")).contentType(ContentType.JSON)
                .body("{\"dealerId\":\"00000000-0000-0000-0000-000000000001\",\"name\":\"n\",\"rateLimitPerMinute\":600.5}")
                .post("/api/auth/clients").then().statusCode(400);
    }

    @Test
    void aPageBeyondAnyResultIsEmptyOrInvalidNeverAnError() {
        for (String[] q : new String[][] {{"10737419", "200"}, {"9223372036854775807", "200"}, {"-1", "1"}, {"1.5", "10"},
                {"x", "y"}}) {
            given().header("Authorization", Tokens.bearer("regulator-h", "REGULATOR")).queryParam("page", q[0])
                    .queryParam("size", q[1]).get("/api/auth/clients").then().statusCode(anyOf(equalTo(200), equalTo(400)));
        }
    }
}
