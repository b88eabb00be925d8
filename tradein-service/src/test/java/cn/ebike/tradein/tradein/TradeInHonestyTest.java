package cn.ebike.tradein.tradein;

import static cn.ebike.tradein.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import cn.ebike.tradein.support.Api;
import cn.ebike.common.testing.Db;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.RegistrationStub;
import cn.ebike.tradein.support.Scenario;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, items 4 and 5: a recycling receipt proves one recycled bike, and the new bike is the one bought
 * in this trade-in. Each refusal leaves the trade-in as it was and is recorded for the regulators' signals.
 */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class TradeInHonestyTest {

    private static final String RECEIPT_USED = "https://ebike.local/problems/receipt-already-used";
    private static final String NOT_BOUGHT = "https://ebike.local/problems/new-vehicle-not-bought-in-trade-in";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/")
    URL base;

    RegistrationStub registration;

    @BeforeEach
    void stubs() {
        registration = new RegistrationStub(wireMock);
    }

    private static io.restassured.response.ValidatableResponse recycle(Scenario s, String receipt) {
        return as(s.dealerToken()).body(Map.of("recyclingReceiptNo", receipt, "batteryReturned", true))
                .post(s.path("/recycling")).then();
    }

    private long refusals(String kind, UUID tradeIn) {
        return new Db(dataSource).count("SELECT count(*) FROM refused_attempts WHERE kind = ? AND trade_in_id = ?::uuid",
                kind, tradeIn.toString());
    }

    private long scrapCalls(UUID vehicle) {
        return wireMock.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/vehicles/" + vehicle + "/scrap")))
                .size();
    }

    // --- item 4: one receipt, one recycled bike ---------------------------------------------------

    @Test
    void aReceiptPresentedInAnotherTradeInIsRefusedAtAnyDealerInAnySpelling() {
        String receipt = Api.newReceipt().toLowerCase();
        Scenario first = Scenario.fresh(wireMock).opened();
        recycle(first, receipt).statusCode(200);

        // a second trade-in at the same dealer, and one at another dealer
        UUID secondOld = registration.filedNonStandard(first.owner);
        UUID sameDealerTradeIn = Api.openTradeIn(first.dealer, first.owner, secondOld);
        registration.scrapAccepts(secondOld, first.owner, sameDealerTradeIn);
        Scenario otherDealer = Scenario.fresh(wireMock).opened();
        for (String spelling : List.of(receipt, "  " + receipt.toUpperCase() + " ", fullWidth(receipt.toUpperCase()))) {
            as(first.dealerToken()).body(Map.of("recyclingReceiptNo", spelling, "batteryReturned", true))
                    .post("/api/trade-ins/" + sameDealerTradeIn + "/recycling").then().statusCode(409)
                    .body("type", equalTo(RECEIPT_USED));
            recycle(otherDealer, spelling).statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo(RECEIPT_USED)).body("title", equalTo("Conflict"))
                    .body("errors[0].field", equalTo("recyclingReceiptNo"));
            as(otherDealer.dealerToken()).get(otherDealer.path("")).then().body("recycledAt", nullValue())
                    .body("recyclingReceiptNo", nullValue());
        }
        // the old bikes were never scrapped on the strength of a used receipt
        assertThat(scrapCalls(secondOld)).isZero();
        assertThat(scrapCalls(otherDealer.oldVehicle)).isZero();
        assertThat(refusals("receipt-already-used", otherDealer.tradeIn)).isEqualTo(3);
        assertThat(refusals("receipt-already-used", sameDealerTradeIn)).isEqualTo(3);
        // a receipt of its own still works
        recycle(otherDealer, Api.newReceipt()).statusCode(200);
    }

    @Test
    void aCancelledTradeInsReceiptStaysUsed() {
        String receipt = Api.newReceipt();
        Scenario first = Scenario.fresh(wireMock).opened();
        recycle(first, receipt).statusCode(200);
        as(first.dealerToken()).body(Map.of("reason", "owner withdrew")).post(first.path("/cancellation")).then()
                .statusCode(200);
        Scenario second = Scenario.fresh(wireMock).opened();
        recycle(second, receipt).statusCode(409).body("type", equalTo(RECEIPT_USED));
    }

    @Test
    void theDatabaseRefusesASecondTradeInWithTheSameNormalisedReceipt() {
        Scenario a = Scenario.fresh(wireMock).opened();
        Scenario b = Scenario.fresh(wireMock).opened();
        Db db = new Db(dataSource);
        String key = "DB-" + UUID.randomUUID();
        db.update("UPDATE trade_ins SET recycled_at = now(), battery_returned = true, recycling_receipt_no = ?,"
                + " recycling_receipt_key = ? WHERE id = ?::uuid", key, key, a.tradeIn.toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.update(
                "UPDATE trade_ins SET recycled_at = now(), battery_returned = true, recycling_receipt_no = ?,"
                        + " recycling_receipt_key = ? WHERE id = ?::uuid", key, key, b.tradeIn.toString()))
                .hasMessageContaining("trade_ins_receipt_once");
    }

    @Test
    void twoTradeInsRacingWithOneReceiptOneWins() throws Exception {
        int n = 6;
        List<Scenario> scenarios = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            scenarios.add(Scenario.fresh(wireMock).opened());
        }
        String receipt = Api.newReceipt();
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try {
            for (Scenario s : scenarios) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return http.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(s.path("/recycling")))
                            .header("Authorization", "Bearer " + s.dealerToken())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"recyclingReceiptNo\":\"" + receipt + "\",\"batteryReturned\":true}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                }));
            }
            go.countDown();
            int ok = 0;
            int conflicts = 0;
            for (Future<HttpResponse<String>> f : futures) {
                HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
                    assertThat(r.body()).contains("receipt-already-used");
                    conflicts++;
                }
            }
            assertThat(ok).isEqualTo(1);
            assertThat(conflicts).isEqualTo(n - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(new Db(dataSource).count("SELECT count(*) FROM trade_ins WHERE recycling_receipt_key = ?",
                receipt.toUpperCase())).isEqualTo(1);
    }

    @Test
    void aReceiptWithHostileCharactersIsInvalidInput() {
        Scenario s = Scenario.fresh(wireMock).opened();
        for (String bad : List.of("R-\u0000-1", "R-<img>", "R-\u202E1")) {
            recycle(s, bad).statusCode(400).body("type", equalTo("https://ebike.local/problems/invalid-input"))
                    .body("errors[0].field", equalTo("recyclingReceiptNo"));
        }
        assertThat(scrapCalls(s.oldVehicle)).isZero();
    }

    // --- item 5: the new bike is bought in this trade-in -------------------------------------------

    private static io.restassured.response.ValidatableResponse newVehicle(Scenario s, UUID vehicle) {
        return as(s.dealerToken()).body(Map.of("newVehicleId", vehicle)).post(s.path("/new-vehicle")).then();
    }

    @Test
    void aBikeTheOwnerAlreadyHadIsRefused() {
        Scenario s = Scenario.fresh(wireMock).opened();
        UUID old = UUID.randomUUID();
        // registered by this very dealer, but a year before the trade-in was opened
        registration.compliantRegisteredBy(old, s.owner, s.dealer, Instant.now().minusSeconds(365L * 86400));
        newVehicle(s, old).statusCode(409).body("type", equalTo(NOT_BOUGHT)).body("title", equalTo("Conflict"))
                .body("errors[0].field", equalTo("newVehicleId"));
        as(s.dealerToken()).get(s.path("")).then().body("newVehicleId", nullValue());
        assertThat(refusals("new-vehicle-not-bought-in-trade-in", s.tradeIn)).isEqualTo(1);
    }

    @Test
    void aBikeAnotherDealerRegisteredIsRefusedEvenWhenNew() {
        Scenario s = Scenario.fresh(wireMock).opened();
        UUID elsewhere = UUID.randomUUID();
        registration.compliantRegisteredBy(elsewhere, s.owner, Api.activeDealer(), Instant.now());
        newVehicle(s, elsewhere).statusCode(409).body("type", equalTo(NOT_BOUGHT));
        UUID byRegulator = UUID.randomUUID();
        registration.compliantRegisteredBy(byRegulator, s.owner, null, Instant.now());
        newVehicle(s, byRegulator).statusCode(409).body("type", equalTo(NOT_BOUGHT));
        as(s.dealerToken()).get(s.path("")).then().body("newVehicleId", nullValue());
    }

    @Test
    void theBikeThisDealerRegisteredAfterOpeningIsAccepted() {
        Scenario s = Scenario.fresh(wireMock).opened();
        newVehicle(s, s.newVehicle).statusCode(200).body("newVehicleId", equalTo(s.newVehicle.toString()));
        assertThat(refusals("new-vehicle-not-bought-in-trade-in", s.tradeIn)).isZero();
    }

    private static String fullWidth(String ascii) {
        StringBuilder b = new StringBuilder();
        for (char c : ascii.toCharArray()) {
            b.append(c > 0x20 && c < 0x7F ? (char) (c - 0x21 + 0xFF01) : c);
        }
        return b.toString();
    }
}
