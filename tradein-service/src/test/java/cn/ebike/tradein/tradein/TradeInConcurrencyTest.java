package cn.ebike.tradein.tradein;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.tradein.support.Api;
import cn.ebike.common.testing.Db;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.RegistrationStub;
import cn.ebike.tradein.support.Scenario;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Races on one trade-in or one vehicle: exactly one request wins, the others get 409 (or a replay). */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class TradeInConcurrencyTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    private List<HttpResponse<String>> race(int n, java.util.function.IntFunction<HttpRequest> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<HttpResponse<String>> call = () -> {
                    go.await();
                    return http.send(request.apply(index), HttpResponse.BodyHandlers.ofString());
                };
                futures.add(pool.submit(call));
            }
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private HttpRequest post(String path, String token, String json, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return b.build();
    }

    private static Map<Integer, Long> statuses(List<HttpResponse<String>> responses) {
        return responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
    }

    @Test
    void twoConcurrentCompletionsOfTheSameTradeInGiveExactlyOne200() throws Exception {
        Scenario s = Scenario.fresh(wireMock).ready();
        String token = s.dealerToken();
        List<HttpResponse<String>> responses = race(2, i -> post(s.path("/completion"), token, null, null));
        assertThat(statuses(responses)).containsEntry(200, 1L).containsEntry(409, 1L);
        Db db = new Db(dataSource);
        assertThat(db.count("SELECT count(*) FROM claim_outbox WHERE trade_in_id = ?::uuid", s.tradeIn.toString()))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM audit_entries WHERE object_id = ?::uuid AND action = 'COMPLETED'",
                s.tradeIn.toString())).isEqualTo(1);
    }

    @Test
    void manyConcurrentCompletionsStillGiveExactlyOne200() throws Exception {
        Scenario s = Scenario.fresh(wireMock).ready();
        String token = s.dealerToken();
        List<HttpResponse<String>> responses = race(8, i -> post(s.path("/completion"), token, null, null));
        assertThat(statuses(responses)).containsEntry(200, 1L).containsEntry(409, 7L);
        assertThat(new Db(dataSource).count("SELECT count(*) FROM claim_outbox WHERE trade_in_id = ?::uuid",
                s.tradeIn.toString())).isEqualTo(1);
    }

    @Test
    void twoDealersOpeningTheSameOldVehicleAtOnceCreateOneTradeIn() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID vehicle = new RegistrationStub(wireMock).filedNonStandard(owner);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tokens.add(Tokens.dealer(Api.activeDealer()));
        }
        String body = "{\"oldVehicleId\":\"" + vehicle + "\",\"ownerId\":\"" + owner + "\"}";
        List<HttpResponse<String>> responses = race(4, i -> post("/api/trade-ins", tokens.get(i), body, null));
        assertThat(statuses(responses)).containsEntry(201, 1L).containsEntry(409, 3L);
        assertThat(new Db(dataSource).count("SELECT count(*) FROM trade_ins WHERE old_vehicle_id = ?::uuid",
                vehicle.toString())).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneIdempotencyKeyCreateOneTradeInAndAllGetItsAnswer() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID vehicle = new RegistrationStub(wireMock).filedNonStandard(owner);
        String token = Tokens.dealer(Api.activeDealer());
        String key = "race-" + UUID.randomUUID();
        String body = "{\"oldVehicleId\":\"" + vehicle + "\",\"ownerId\":\"" + owner + "\"}";
        List<HttpResponse<String>> responses = race(5, i -> post("/api/trade-ins", token, body, key));
        assertThat(statuses(responses)).containsEntry(201, 5L);
        assertThat(responses.stream().map(HttpResponse::body).distinct()).hasSize(1);
        assertThat(new Db(dataSource).count("SELECT count(*) FROM trade_ins WHERE old_vehicle_id = ?::uuid",
                vehicle.toString())).isEqualTo(1);
    }
}
