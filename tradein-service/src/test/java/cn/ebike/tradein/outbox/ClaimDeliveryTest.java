package cn.ebike.tradein.outbox;

import static cn.ebike.tradein.support.Api.as;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.common.testing.Db;
import cn.ebike.tradein.support.Eventually;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.Scenario;
import cn.ebike.tradein.support.SubsidyBatchStub;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** The transactional outbox: a completed trade-in's claim reaches subsidy-service exactly once in effect. */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class ClaimDeliveryTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    DataSource dataSource;

    @Inject
    ClaimRelay relay;

    @Inject
    Scheduler scheduler;

    /** The batch posts that carried this trade-in's claim. */
    private List<ServeEvent> claimsFor(UUID tradeIn) {
        return wireMock.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(WireMockResource.CLAIM_BATCH_PATH))
                .filter(e -> e.getRequest().getBodyAsString().contains(tradeIn.toString()))
                .toList();
    }

    /** Of those, the ones where subsidy answered 200/201 for this claim. */
    private long successfulClaimsFor(UUID tradeIn) {
        return claimsFor(tradeIn).stream()
                .map(e -> SubsidyBatchStub.itemStatus(e, tradeIn))
                .filter(st -> st.isPresent() && (st.get() == 200 || st.get() == 201)).count();
    }

    /** Any batch post that carries this claim fails at the connection (subsidy unreachable). */
    private StubMapping subsidyDownFor(UUID tradeIn) {
        return wireMock.stubFor(post(urlEqualTo(WireMockResource.CLAIM_BATCH_PATH)).atPriority(1)
                .withRequestBody(containing(tradeIn.toString()))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    private static void complete(Scenario s) {
        as(s.dealerToken()).post(s.path("/completion")).then().statusCode(200)
                .body("claimDelivered", Matchers.equalTo(false));
    }

    @Test
    void aCompletionMadeWhileSubsidyIsDownIsDeliveredOnceItComesBack() throws InterruptedException {
        Scenario s = Scenario.fresh(wireMock).ready();
        StubMapping down = subsidyDownFor(s.tradeIn);
        Db db = new Db(dataSource);
        try {
            complete(s);

            // the relay keeps trying, recording each attempt and the last error
            Eventually.within(Duration.ofSeconds(20), () -> assertThat(db.count(
                    "SELECT attempts FROM claim_outbox WHERE trade_in_id = ?::uuid AND last_error IS NOT NULL",
                    s.tradeIn.toString())).isGreaterThanOrEqualTo(2));
            as(s.dealerToken()).get(s.path("")).then().body("claimDelivered", Matchers.equalTo(false));
            as(Tokens.regulator()).queryParam("delivered", "false").queryParam("size", 200)
                    .get("/api/trade-ins/claims").then().statusCode(200)
                    .body("items.findAll { it.tradeInId == '" + s.tradeIn + "' }.lastError",
                            Matchers.hasItem(Matchers.notNullValue()));
            assertThat(successfulClaimsFor(s.tradeIn)).isZero();
        } finally {
            // subsidy comes back
            wireMock.removeStub(down);
        }
        Eventually.within(Duration.ofSeconds(20), () ->
                as(s.dealerToken()).get(s.path("")).then().body("claimDelivered", Matchers.equalTo(true)));

        Thread.sleep(2500); // a few more relay runs: nothing more may be sent
        assertThat(successfulClaimsFor(s.tradeIn)).isEqualTo(1);
        long sent = claimsFor(s.tradeIn).size();
        assertThat(sent).isGreaterThanOrEqualTo(3);
        // every request made was counted as an attempt (a run that found the circuit open counts one too)
        assertThat(db.count("SELECT attempts FROM claim_outbox WHERE trade_in_id = ?::uuid", s.tradeIn.toString()))
                .isGreaterThanOrEqualTo(sent);
        assertThat(db.count("SELECT count(*) FROM claim_outbox WHERE trade_in_id = ?::uuid"
                + " AND delivered_at IS NOT NULL AND last_error IS NULL AND last_status = 201", s.tradeIn.toString()))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM audit_entries WHERE object_id = ?::uuid"
                + " AND action = 'CLAIM_DELIVERED'", s.tradeIn.toString())).isEqualTo(1);
    }

    @Test
    void aClaimSubsidyRefusesIsKeptAndRetriedNeverDropped() {
        Scenario s = Scenario.fresh(wireMock).ready();
        // subsidy answers the batch, but 404 for this claim inside it (e.g. deployed before the trade-in existed)
        SubsidyBatchStub.answer(s.tradeIn, 404, "unknown trade-in");
        try {
            complete(s);
            Db db = new Db(dataSource);
            Eventually.within(Duration.ofSeconds(20), () -> assertThat(db.count(
                    "SELECT attempts FROM claim_outbox WHERE trade_in_id = ?::uuid AND last_status = 404"
                            + " AND last_error LIKE '%unknown trade-in%' AND delivered_at IS NULL",
                    s.tradeIn.toString())).isGreaterThanOrEqualTo(2));
        } finally {
            SubsidyBatchStub.reset(s.tradeIn);
        }
        Eventually.within(Duration.ofSeconds(20), () ->
                as(s.dealerToken()).get(s.path("")).then().body("claimDelivered", Matchers.equalTo(true)));
    }

    @Test
    void oneBatchPostCarriesClaimsInCompletionOrderAndEachClaimIsRecordedAsSubsidyAnsweredIt() throws Exception {
        scheduler.pause("claim-relay");
        try {
            Thread.sleep(1500); // let a run that had already started finish
            Scenario first = Scenario.fresh(wireMock).ready();
            Scenario second = Scenario.fresh(wireMock).ready();
            Scenario third = Scenario.fresh(wireMock).ready();
            complete(second);
            complete(first);
            complete(third);
            // subsidy decides the batch but cannot decide `first` yet (a source was unavailable for it)
            SubsidyBatchStub.answer(first.tradeIn, 503, "registration-service");
            try {
                relay.relayBatch();
            } finally {
                SubsidyBatchStub.reset(first.tradeIn);
            }
            List<ServeEvent> posts = claimsFor(second.tradeIn);
            assertThat(posts).hasSize(1);
            String body = posts.get(0).getRequest().getBodyAsString();
            assertThat(body.indexOf(second.tradeIn.toString())).as("completion order inside the post")
                    .isLessThan(body.indexOf(first.tradeIn.toString()));
            assertThat(body.indexOf(first.tradeIn.toString())).isLessThan(body.indexOf(third.tradeIn.toString()));
            assertThat(claimsFor(first.tradeIn)).containsExactlyElementsOf(posts);

            Db db = new Db(dataSource);
            as(second.dealerToken()).get(second.path("")).then().body("claimDelivered", Matchers.equalTo(true));
            as(third.dealerToken()).get(third.path("")).then().body("claimDelivered", Matchers.equalTo(true));
            as(first.dealerToken()).get(first.path("")).then().body("claimDelivered", Matchers.equalTo(false));
            assertThat(db.count("SELECT count(*) FROM claim_outbox WHERE trade_in_id = ?::uuid AND delivered_at IS NULL"
                    + " AND last_status = 503 AND last_error LIKE '%registration-service%'", first.tradeIn.toString()))
                    .isEqualTo(1);

            // its backoff runs out: only the undelivered claim is posted again, and now it is delivered
            db.update("UPDATE claim_outbox SET next_attempt_at = now() - interval '1 second' WHERE trade_in_id = ?::uuid",
                    first.tradeIn.toString());
            relay.relayBatch();
            as(first.dealerToken()).get(first.path("")).then().body("claimDelivered", Matchers.equalTo(true));
            assertThat(claimsFor(first.tradeIn)).hasSize(2);
            assertThat(claimsFor(second.tradeIn)).hasSize(1);
            assertThat(successfulClaimsFor(first.tradeIn)).isEqualTo(1);
        } finally {
            scheduler.resume("claim-relay");
        }
    }

    @Test
    void twoRelayInstancesDeliverEachClaimOnce() throws Exception {
        scheduler.pause("claim-relay");
        try {
            Thread.sleep(1500); // let a run that had already started finish
            List<Scenario> scenarios = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                scenarios.add(Scenario.fresh(wireMock).ready());
            }
            String ids = scenarios.stream().map(s -> s.tradeIn.toString()).collect(Collectors.joining("|"));
            // a slow subsidy makes the two instances overlap
            StubMapping slow = wireMock.stubFor(post(urlEqualTo(WireMockResource.CLAIM_BATCH_PATH)).atPriority(2)
                    .withHeader("Authorization", equalTo(WireMockResource.BEARER))
                    .withRequestBody(matching("(?s).*(" + ids + ").*"))
                    .willReturn(aResponse().withFixedDelay(300).withTransformers(SubsidyBatchStub.NAME)));
            try {
                scenarios.forEach(ClaimDeliveryTest::complete);

                CyclicBarrier together = new CyclicBarrier(2);
                ExecutorService pool = Executors.newFixedThreadPool(2);
                List<Future<Integer>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    runs.add(pool.submit(() -> {
                        together.await();
                        int delivered = 0;
                        ClaimRelay.RunResult result;
                        do {
                            result = relay.relayBatch();
                            delivered += result.delivered();
                        } while (result.taken() > 0);
                        return delivered;
                    }));
                }
                int total = 0;
                for (Future<Integer> run : runs) {
                    total += run.get(60, TimeUnit.SECONDS);
                }
                pool.shutdown();

                assertThat(total).isEqualTo(12);
                for (Scenario s : scenarios) {
                    assertThat(claimsFor(s.tradeIn)).as("requests for %s", s.tradeIn).hasSize(1);
                    assertThat(successfulClaimsFor(s.tradeIn)).isEqualTo(1);
                    as(s.dealerToken()).get(s.path("")).then().body("claimDelivered", Matchers.equalTo(true));
                }
            } finally {
                wireMock.removeStub(slow);
            }
        } finally {
            scheduler.resume("claim-relay");
        }
    }

    @Test
    void aTakenClaimIsNotDueAgainUntilItsLeaseRunsOut() {
        scheduler.pause("claim-relay");
        try {
            Scenario s = Scenario.fresh(wireMock).ready();
            StubMapping down = subsidyDownFor(s.tradeIn);
            try {
                complete(s);
                Db db = new Db(dataSource);
                // simulate an instance that took the claim and died: lease far in the future
                db.update("UPDATE claim_outbox SET next_attempt_at = now() + interval '1 hour', attempts = 1"
                        + " WHERE trade_in_id = ?::uuid", s.tradeIn.toString());
                relay.relayBatch();
                assertThat(claimsFor(s.tradeIn)).isEmpty();
                // the lease runs out: another instance takes it over
                db.update("UPDATE claim_outbox SET next_attempt_at = now() - interval '1 second'"
                        + " WHERE trade_in_id = ?::uuid", s.tradeIn.toString());
            } finally {
                wireMock.removeStub(down);
            }
            Eventually.within(Duration.ofSeconds(10), () -> {
                relay.relayBatch();
                assertThat(successfulClaimsFor(s.tradeIn)).isEqualTo(1);
            });
            assertThat(new Db(dataSource).count("SELECT attempts FROM claim_outbox WHERE trade_in_id = ?::uuid",
                    s.tradeIn.toString())).isGreaterThanOrEqualTo(2);
        } finally {
            scheduler.resume("claim-relay");
        }
    }
}
