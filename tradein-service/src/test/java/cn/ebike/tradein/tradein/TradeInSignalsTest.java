package cn.ebike.tradein.tradein;

import static cn.ebike.tradein.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.tradein.support.Api;
import cn.ebike.common.testing.Db;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.Scenario;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Issue 12 item 13: tradein's fraud signals, each produced by its pattern and absent without it. */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class TradeInSignalsTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    DataSource dataSource;

    private static List<Map<String, Object>> signals() {
        return as(Tokens.regulator()).get("/api/trade-ins/figures/signals").then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    private static Optional<Map<String, Object>> signal(String type, UUID dealer) {
        return signals().stream().filter(s -> type.equals(s.get("type")) && dealer.toString().equals(s.get("subject")))
                .findFirst();
    }

    private void cancelledTradeIns(UUID dealer, int n) {
        Db db = new Db(dataSource);
        for (int i = 0; i < n; i++) {
            db.update("INSERT INTO trade_ins (id, dealer_id, owner_id, old_vehicle_id, status, opened_at, cancelled_at, "
                    + "cancellation_reason) VALUES (?, ?, ?, ?, 'CANCELLED', now() - interval '2 hours', "
                    + "now() - interval '1 hour', 'withdrawn')", UUID.randomUUID(), dealer, UUID.randomUUID(),
                    UUID.randomUUID());
        }
    }

    /** Open trade-ins of a peer: the others' cancellation rate stays low whatever else the database holds. */
    private void openTradeIns(UUID dealer, int n) {
        Db db = new Db(dataSource);
        for (int i = 0; i < n; i++) {
            db.update("INSERT INTO trade_ins (id, dealer_id, owner_id, old_vehicle_id, status, opened_at) "
                    + "VALUES (?, ?, ?, ?, 'OPEN', now() - interval '2 hours')", UUID.randomUUID(), dealer,
                    UUID.randomUUID(), UUID.randomUUID());
        }
    }

    /** The rows written directly are removed again, so they skew no other test's peers. */
    private void forget(UUID... dealers) {
        for (UUID d : dealers) {
            new Db(dataSource).update("DELETE FROM trade_ins WHERE dealer_id = ?", d);
        }
    }

    @Test
    void aTradeInCompletedMinutesAfterOpeningIsAFastCompletion() {
        Scenario fast = Scenario.fresh(wireMock).ready();
        as(fast.dealerToken()).post(fast.path("/completion")).then().statusCode(200);
        Map<String, Object> s = signal("FAST_COMPLETION", fast.dealer).orElseThrow();
        assertThat(s.get("count")).isEqualTo(1);
        assertThat((String) s.get("evidence")).contains("10 分钟内");
        assertThat(s.get("firstSeen")).isNotNull();
    }

    @Test
    void aTradeInCompletedHoursAfterOpeningIsNoFastCompletion() {
        Scenario slow = Scenario.fresh(wireMock).ready();
        new Db(dataSource).update("UPDATE trade_ins SET opened_at = opened_at - interval '3 hours' WHERE id = ?",
                slow.tradeIn);
        as(slow.dealerToken()).post(slow.path("/completion")).then().statusCode(200);
        assertThat(signal("FAST_COMPLETION", slow.dealer)).isEmpty();
    }

    @Test
    void aDealerCancellingFarMoreThanItsPeersIsAnOutlier() {
        UUID dealer = Api.activeDealer();
        UUID peer = Api.activeDealer();
        try {
            cancelledTradeIns(dealer, 20);
            openTradeIns(peer, 500);
            Map<String, Object> s = signal("CANCELLATION_OUTLIER", dealer).orElseThrow();
            assertThat(s.get("count")).isEqualTo(20);
            assertThat((String) s.get("evidence")).contains("撤销率 100.0%");
            assertThat(signal("CANCELLATION_OUTLIER", peer)).isEmpty();
        } finally {
            forget(dealer, peer);
        }
    }

    @Test
    void aDealerBelowTheMinimumVolumeIsNoOutlierHoweverItCancels() {
        UUID dealer = Api.activeDealer();
        UUID peer = Api.activeDealer();
        try {
            cancelledTradeIns(dealer, 19);
            openTradeIns(peer, 500);
            assertThat(signal("CANCELLATION_OUTLIER", dealer)).isEmpty();
        } finally {
            forget(dealer, peer);
        }
    }

    @Test
    void presentingAReceiptAgainIsAReceiptReuseAttempt() {
        Scenario first = Scenario.fresh(wireMock).opened().recycled();
        Scenario second = Scenario.fresh(wireMock).opened();
        as(second.dealerToken()).body(Map.of("recyclingReceiptNo", Api.receiptFor(first.tradeIn),
                "batteryReturned", true)).post(second.path("/recycling")).then().statusCode(409);
        Map<String, Object> s = signal("RECEIPT_REUSE_ATTEMPT", second.dealer).orElseThrow();
        assertThat(s.get("count")).isEqualTo(1);
        assertThat(signal("RECEIPT_REUSE_ATTEMPT", first.dealer)).isEmpty();
    }

    @Test
    void aRefusedPreexistingBikeIsAnAttemptAndAnAcceptedNewBikeIsNot() {
        Scenario refused = Scenario.fresh(wireMock).opened();
        new Db(dataSource).update("INSERT INTO refused_attempts (id, at, kind, dealer_id, trade_in_id, subject, detail) "
                + "VALUES (?, now(), 'new-vehicle-not-bought-in-trade-in', ?, ?, ?, 'refused')", UUID.randomUUID(),
                refused.dealer, refused.tradeIn, refused.newVehicle.toString());
        assertThat(signal("PREEXISTING_BIKE_ATTEMPT", refused.dealer).orElseThrow().get("count")).isEqualTo(1);

        Scenario accepted = Scenario.fresh(wireMock).ready();
        assertThat(signal("PREEXISTING_BIKE_ATTEMPT", accepted.dealer)).isEmpty();
    }

    @Test
    void onlyRegulatorsAndServicesReadSignals() {
        as(Tokens.dealer(UUID.randomUUID())).get("/api/trade-ins/figures/signals").then().statusCode(403);
        as(Tokens.service()).get("/api/trade-ins/figures/signals").then().statusCode(200);
    }
}
