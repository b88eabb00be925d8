package cn.ebike.gateway.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.gateway.support.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 8: password logins have their own per-address budget (30 a minute by default), and password
 * hashing runs behind a bulkhead so logins can never take more than its slots of CPU.
 */
@QuarkusTest
class LoginCostTest extends GatewayTestBase {

    @Inject
    PasswordHasher hasher;

    private static io.restassured.response.Response login(String username) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "not-the-password"))
                .post("/api/auth/login");
    }

    @Test
    void oneAddressGetsThirtyPasswordLoginsAMinute() {
        for (int i = 0; i < 30; i++) {
            // a different username each time: the per-username lock-out is not what stops it
            login("nobody-" + UUID.randomUUID()).then().statusCode(401);
        }
        io.restassured.response.Response refused = login("nobody-" + UUID.randomUUID());
        refused.then().statusCode(429).body("type", equalTo("https://ebike.local/problems/rate-limited"));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        // other anonymous calls of the address still have their own budget
        given().contentType(ContentType.JSON).body(Map.of("qrPayload", "x")).post("/api/plates/verify").then()
                .statusCode(org.hamcrest.Matchers.not(429));
    }

    @Test
    void whenEveryHashingSlotIsBusyALoginIsAnsweredBusyInsteadOfQueueingForever() throws Exception {
        int slots = hasher.concurrency();
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch taken = new CountDownLatch(slots);
        ExecutorService pool = Executors.newFixedThreadPool(slots);
        List<java.util.concurrent.Future<Object>> held = new ArrayList<>();
        try {
            for (int i = 0; i < slots; i++) {
                held.add(pool.submit(() -> hasher.bulkhead(() -> {
                    taken.countDown();
                    try {
                        hold.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                })));
            }
            assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(hasher.freeSlots()).isZero();
            login("busy-" + UUID.randomUUID()).then().statusCode(503)
                    .body("type", equalTo("https://ebike.local/problems/service-unavailable"));
        } finally {
            hold.countDown();
            for (var f : held) {
                f.get(10, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
        }
        assertThat(hasher.freeSlots()).isEqualTo(slots);
        login("free-" + UUID.randomUUID()).then().statusCode(401);
    }
}
