package cn.ebike.registration.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.TestData;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Races decided by the database: however many requests arrive at once, one wins. */
@QuarkusTest
class ConcurrencyTest {

    private static final int THREADS = 12;

    private static List<Response> race(IntFunction<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int n = i;
                Callable<Response> task = () -> {
                    start.await();
                    return call.apply(n);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long count(List<Response> responses, int status) {
        return responses.stream().filter(r -> r.statusCode() == status).count();
    }

    @Test
    void concurrentRegistrationsOfOneFrameNumberYieldExactlyOne201() throws Exception {
        String owner = Api.newOwner();
        Map<String, Object> body = Api.compliantBody(owner);
        List<Response> responses = race(i -> Api.json(Tokens.dealer(UUID.randomUUID())).body(body)
                .post("/api/vehicles"));
        assertThat(count(responses, 201)).isEqualTo(1);
        assertThat(count(responses, 409)).isEqualTo(THREADS - 1);
        String id = Api.as(Tokens.regulator()).queryParam("frameNumber", body.get("frameNumber")).get("/api/vehicles")
                .then().body("total", org.hamcrest.Matchers.equalTo(1)).extract().path("items[0].id");
        // the losers left nothing behind: one vehicle, one audit row
        Api.as(Tokens.regulator()).get("/api/vehicles/" + id + "/history").then()
                .body("action", org.hamcrest.Matchers.contains("REGISTERED"));
    }

    @Test
    void concurrentRegistrationsOfOneIdNumberYieldOneOwner() throws Exception {
        String idNumber = TestData.idNumber();
        List<Response> responses = race(i -> Api.json(Tokens.regulator())
                .body(Api.ownerBody("钱八", idNumber, TestData.phone())).post("/api/owners"));
        assertThat(count(responses, 201)).isEqualTo(1);
        assertThat(count(responses, 200)).isEqualTo(THREADS - 1);
        assertThat(responses.stream().map(r -> r.jsonPath().getString("id")).distinct()).hasSize(1);
    }

    @Test
    void concurrentPlateIssuesForOneVehicleYieldOnePlate() throws Exception {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        List<Response> responses = race(i -> Api.as(Tokens.regulator()).post("/api/vehicles/" + vehicle + "/plate"));
        assertThat(count(responses, 201)).isEqualTo(1);
        assertThat(count(responses, 409)).isEqualTo(THREADS - 1);
    }

    @Test
    void concurrentScrapsWithDifferentReferencesLetOneWin() throws Exception {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        List<Response> responses = race(i -> Api.json(Tokens.service())
                .body(Map.of("reason", "r", "reference", "ref-" + i)).post("/api/vehicles/" + vehicle + "/scrap"));
        assertThat(count(responses, 200)).isEqualTo(1);
        assertThat(count(responses, 409)).isEqualTo(THREADS - 1);
    }

    @Test
    void concurrentRequestsWithOneIdempotencyKeyCreateOnceAndReplayTheSameAnswer() throws Exception {
        String owner = Api.newOwner();
        Map<String, Object> body = Api.compliantBody(owner);
        String token = Tokens.dealer(UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        List<Response> responses = race(i -> Api.json(token).header("Idempotency-Key", key).body(body)
                .post("/api/vehicles"));
        assertThat(count(responses, 201)).isEqualTo(THREADS);
        assertThat(responses.stream().map(r -> r.jsonPath().getString("id")).distinct()).hasSize(1);
        assertThat(responses.stream().filter(r -> "true".equals(r.header("Idempotent-Replayed")))).hasSize(THREADS - 1);
    }
}
