package cn.ebike.gateway.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.gateway.support.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginLockoutTest extends GatewayTestBase {

    private static io.restassured.response.Response login(String user, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", user, "password", password))
                .post("/api/auth/login");
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() {
        String unknown = login("nobody-here", "whatever-password").then().statusCode(401)
                .contentType("application/problem+json").extract().asString();
        String wrong = login("admin", "not-the-admin-password").then().statusCode(401).extract().asString();
        assertThat(wrong).isEqualTo(unknown);
    }

    @Test
    void fiveFailuresLockTheUsernameEvenForTheRightPassword() {
        for (int i = 0; i < 5; i++) {
            login("admin", "wrong-password-" + i).then().statusCode(401);
        }
        String retryAfter = login("admin", "test-only-admin-password").then().statusCode(429)
                .contentType("application/problem+json").body("status", equalTo(429))
                .extract().header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 15L * 60);
        // another username is not affected
        login("someone-else", "wrong-password").then().statusCode(401);
    }

    @Test
    void aSuccessfulLoginClearsEarlierFailures() {
        for (int i = 0; i < 4; i++) {
            login("admin", "wrong-password-" + i).then().statusCode(401);
        }
        login("admin", "test-only-admin-password").then().statusCode(200);
        for (int i = 0; i < 4; i++) {
            login("admin", "wrong-password-" + i).then().statusCode(401);
        }
        login("admin", "test-only-admin-password").then().statusCode(200);
    }

    @Test
    void missingFieldsAreABadRequest() {
        given().contentType(ContentType.JSON).body(Map.of("username", "admin")).post("/api/auth/login")
                .then().statusCode(400).body("errors[0].field", equalTo("password"));
    }
}
