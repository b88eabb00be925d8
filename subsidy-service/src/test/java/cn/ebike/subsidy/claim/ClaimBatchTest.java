package cn.ebike.subsidy.claim;

import static cn.ebike.subsidy.testsupport.Fixtures.FILED;
import static cn.ebike.subsidy.testsupport.Fixtures.JUNE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.ebike.subsidy.campaign.PhaseRepository;
import cn.ebike.subsidy.quota.QuotaAllocator;
import cn.ebike.subsidy.testsupport.FakeUpstream;
import cn.ebike.subsidy.testsupport.FakeUpstream.TradeIn;
import cn.ebike.subsidy.testsupport.FirstComeBursts;
import cn.ebike.subsidy.testsupport.Fixtures;
import cn.ebike.subsidy.testsupport.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/subsidies/claims/batch}: the same invariants as single claims — a phase never grants more
 * than its quota, ranks 1..quota, no owner twice, one decision per trade-in — with batches from 8 threads,
 * Redis flushed in the middle, duplicates inside a batch and across concurrent batches; list order is
 * first come, first served; 404/503 items record nothing.
 */
@QuarkusTest
class ClaimBatchTest {

    static final int QUOTA = 100;
    static final int CLAIMS = 300;
    static final int THREADS = 8;
    static final int BATCH = 25;
    static final String PATH = "/api/subsidies/claims/batch";
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(PATH)
    URI batchUri;

    @Inject
    SubsidyRepository subsidies;

    @Inject
    PhaseRepository phases;

    @Inject
    RedisDataSource redis;

    @Inject
    QuotaAllocator allocator;

    @Inject
    FirstComeBursts bursts;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One batch through the API; the items of the answer. */
    private List<JsonNode> post(List<UUID> ids, String token) throws Exception {
        String body = JSON.writeValueAsString(Map.of("tradeInIds", ids));
        HttpRequest req = HttpRequest.newBuilder(batchUri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("batch answered " + r.statusCode() + ": " + r.body());
        }
        List<JsonNode> items = new ArrayList<>();
        JSON.readTree(r.body()).get("items").forEach(items::add);
        assertThat(items).as("one item per entry, in order").hasSize(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(items.get(i).get("tradeInId").asText()).isEqualTo(ids.get(i).toString());
        }
        return items;
    }

    private List<JsonNode> post(List<UUID> ids) throws Exception {
        return post(ids, Tokens.service());
    }


    /** Sends the trade-ins in batches of BATCH from THREADS threads; {@code midway} runs after each listed batch count. */
    private Map<Integer, Integer> fire(List<TradeIn> trades, Set<Integer> midwayAfter, Runnable midway) throws Exception {
        String token = Tokens.service();
        List<List<UUID>> batches = new ArrayList<>();
        for (int from = 0; from < trades.size(); from += BATCH) {
            batches.add(trades.subList(from, Math.min(trades.size(), from + BATCH)).stream().map(TradeIn::id).toList());
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger answered = new AtomicInteger();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (List<UUID> batch : batches) {
            futures.add(pool.submit(() -> {
                start.await();
                for (JsonNode item : post(batch, token)) {
                    statuses.merge(item.get("status").asInt(), 1, Integer::sum);
                }
                if (midwayAfter.contains(answered.incrementAndGet())) {
                    midway.run();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        return statuses;
    }

    @Test
    void threeHundredClaimsInBatchesFrom8ThreadsOnAQuotaOf100GrantExactly100WithRanks1To100AndNoOwnerTwice()
            throws Exception {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), QUOTA, 10, 10);
        List<TradeIn> trades = FirstComeBursts.burst(c.district(), CLAIMS);
        Map<Integer, Integer> statuses = fire(trades, Set.of(), null);
        assertThat(statuses).containsOnlyKeys(201).containsEntry(201, CLAIMS);
        bursts.assertInvariants(c.campaignId(), c.phaseIds().get(0), trades, QUOTA);
    }

    @Test
    void redisFlushedBetweenBatchesStillGrantsExactlyTheQuota() throws Exception {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), QUOTA, 10, 10);
        List<TradeIn> trades = FirstComeBursts.burst(c.district(), CLAIMS);
        AtomicInteger flushes = new AtomicInteger();
        // batches of 25: flushes early, around the quota and after it, while other batches are in flight
        Map<Integer, Integer> statuses = fire(trades, Set.of(2, 4, 7), () -> {
            redis.execute("FLUSHDB");
            flushes.incrementAndGet();
        });
        assertThat(flushes).hasValue(3);
        assertThat(statuses).containsOnlyKeys(201).containsEntry(201, CLAIMS);
        bursts.assertInvariants(c.campaignId(), c.phaseIds().get(0), trades, QUOTA);
    }

    @Test
    void listOrderIsFirstComeFirstServed() throws Exception {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), 5, 5, 5);
        UUID dealer = FakeUpstream.dealer(c.district(), true);
        List<UUID> ids = IntStream.range(0, 7)
                .mapToObj(i -> FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(100 - i), FILED).id())
                .toList();
        List<JsonNode> items = post(ids);
        for (int i = 0; i < 5; i++) {
            assertThat(items.get(i).get("status").asInt()).isEqualTo(201);
            assertThat(items.get(i).at("/subsidy/status").asText()).isEqualTo("GRANTED");
            assertThat(items.get(i).at("/subsidy/rank").asInt()).as("rank of entry %d", i).isEqualTo(i + 1);
        }
        for (int i = 5; i < 7; i++) {
            assertThat(items.get(i).at("/subsidy/reason").asText()).isEqualTo("QUOTA_EXHAUSTED");
        }
    }

    @Test
    void aTradeInListedTwiceInOneBatchIsDecidedOnceAndAnsweredAgainWith200() throws Exception {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), 5, 5, 5);
        UUID dealer = FakeUpstream.dealer(c.district(), true);
        TradeIn a = FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(10), FILED);
        TradeIn b = FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(20), FILED);
        List<JsonNode> items = post(List.of(a.id(), b.id(), a.id(), b.id(), a.id()));
        assertThat(items.stream().map(i -> i.get("status").asInt()).toList()).containsExactly(201, 201, 200, 200, 200);
        assertThat(items.get(2).at("/subsidy/id")).isEqualTo(items.get(0).at("/subsidy/id"));
        assertThat(items.get(3).at("/subsidy/id")).isEqualTo(items.get(1).at("/subsidy/id"));
        assertThat(items.get(0).at("/subsidy/rank").asInt()).isEqualTo(1);
        assertThat(items.get(1).at("/subsidy/rank").asInt()).isEqualTo(2);
        assertThat(QuarkusTransaction.requiringNew().call(() -> subsidies.count("campaignId", c.campaignId()))).isEqualTo(2);
        // and again later: both replayed
        assertThat(post(List.of(b.id(), a.id())).stream().map(i -> i.get("status").asInt()).toList()).containsExactly(200, 200);
    }

    @Test
    void theSameTradeInsInConcurrentBatchesAreEachDecidedOnce() throws Exception {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), 10, 5, 5);
        UUID dealer = FakeUpstream.dealer(c.district(), true);
        UUID unauthorised = FakeUpstream.dealer(c.district(), false);
        List<TradeIn> trades = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            trades.add(FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(i), FILED));
        }
        for (int i = 0; i < 4; i++) {
            // rejections race too: they insert without a slot
            trades.add(FakeUpstream.eligible(unauthorised, UUID.randomUUID(), JUNE.plusSeconds(i), FILED));
        }
        String token = Tokens.service();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<JsonNode>>> answers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<UUID> ids = new ArrayList<>(trades.stream().map(TradeIn::id).toList());
            Collections.shuffle(ids);
            answers.add(pool.submit(() -> {
                start.await();
                return post(ids, token);
            }));
        }
        start.countDown();
        Map<String, List<Integer>> statusesByTradeIn = new ConcurrentHashMap<>();
        Map<String, Set<String>> subsidyIdsByTradeIn = new ConcurrentHashMap<>();
        for (Future<List<JsonNode>> f : answers) {
            for (JsonNode item : f.get(2, TimeUnit.MINUTES)) {
                String id = item.get("tradeInId").asText();
                statusesByTradeIn.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(item.get("status").asInt());
                subsidyIdsByTradeIn.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(item.at("/subsidy/id").asText());
            }
        }
        pool.shutdown();
        assertThat(statusesByTradeIn).hasSize(20).allSatisfy((id, codes) -> {
            assertThat(codes).as("answers for %s", id).hasSize(THREADS);
            assertThat(codes.stream().filter(s -> s == 201)).as("one creation for %s", id).hasSize(1);
            assertThat(codes.stream().filter(s -> s == 200)).hasSize(THREADS - 1);
        });
        assertThat(subsidyIdsByTradeIn).allSatisfy((id, subsidyIds) -> assertThat(subsidyIds).hasSize(1));
        List<Subsidy> rows = QuarkusTransaction.requiringNew().call(() -> subsidies.list("campaignId", c.campaignId()));
        assertThat(rows).hasSize(16); // the unauthorised dealer's rejections carry no campaign
        List<Subsidy> granted = rows.stream().filter(s -> s.status() == SubsidyStatus.GRANTED).toList();
        assertThat(granted.stream().map(s -> s.rank()).sorted().toList())
                .isEqualTo(IntStream.rangeClosed(1, 10).boxed().toList());
        assertThat(allocator.holdsOf(c.campaignId())).isEmpty();
    }

    @Test
    void unknownTradeInsAre404AndUnreachableSourcesAre503ForTheirItemsWithNothingRecorded() throws Exception {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), 5, 5, 5);
        UUID dealer = FakeUpstream.dealer(c.district(), true);
        UUID unauthorised = FakeUpstream.dealer(c.district(), false);
        TradeIn decidedBefore = FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(1), FILED);
        Fixtures.claim(decidedBefore.id()).statusCode(201);
        TradeIn eligible = FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(2), FILED);
        TradeIn rejectedEarly = FakeUpstream.eligible(unauthorised, UUID.randomUUID(), JUNE.plusSeconds(3), FILED);
        UUID unknown = UUID.randomUUID();

        // registration fails: the claims that need vehicles are 503; the rest is decided
        FakeUpstream.FAILING.add(eligible.oldVehicleId());
        List<JsonNode> items;
        try {
            items = post(List.of(eligible.id(), unknown, rejectedEarly.id(), decidedBefore.id()));
        } finally {
            FakeUpstream.FAILING.remove(eligible.oldVehicleId());
        }
        assertThat(items.stream().map(i -> i.get("status").asInt()).toList()).containsExactly(503, 404, 201, 200);
        assertThat(items.get(0).has("subsidy")).isFalse();
        assertThat(items.get(0).get("detail").asText()).contains("registration-service");
        assertThat(items.get(1).has("subsidy")).isFalse();
        assertThat(items.get(2).at("/subsidy/reason").asText()).isEqualTo("DEALER_NOT_AUTHORIZED");
        assertThat(rows(eligible.id())).isZero();
        assertThat(rows(unknown)).isZero();

        // tradein unreachable: everything not decided before is 503
        TradeIn another = FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(4), FILED);
        FakeUpstream.UNREACHABLE.add(another.id());
        try {
            items = post(List.of(another.id(), eligible.id(), decidedBefore.id()));
        } finally {
            FakeUpstream.UNREACHABLE.remove(another.id());
        }
        assertThat(items.stream().map(i -> i.get("status").asInt()).toList()).containsExactly(503, 503, 200);
        assertThat(items.get(0).get("detail").asText()).contains("tradein-service").contains("nothing was recorded");
        assertThat(rows(another.id())).isZero();
        assertThat(rows(eligible.id())).isZero();

        // the retry of the 503 items succeeds
        items = post(List.of(eligible.id(), another.id()));
        assertThat(items.stream().map(i -> i.at("/subsidy/rank").asInt()).toList()).containsExactly(2, 3);
    }

    private long rows(UUID tradeInId) {
        return QuarkusTransaction.requiringNew().call(() -> subsidies.count("tradeInId", tradeInId));
    }

    @Test
    void aBatchReadsEachSourceOnceWhateverItsSize() throws Exception {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), 60, 5, 5);
        UUID dealer = FakeUpstream.dealer(c.district(), true);
        List<UUID> ids = IntStream.range(0, 50)
                .mapToObj(i -> FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(i), FILED).id()).toList();
        int before = FakeUpstream.LOOKUPS.get();
        assertThat(post(ids)).allSatisfy(i -> assertThat(i.get("status").asInt()).isEqualTo(201));
        assertThat(FakeUpstream.LOOKUPS.get() - before).as("one trade-in look-up, one vehicle look-up").isEqualTo(2);
    }

    @Test
    void aTradeInNotCompletedIsDecidedAgainInALaterBatch() throws Exception {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), 5, 5, 5);
        UUID dealer = FakeUpstream.dealer(c.district(), true);
        TradeIn t = FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(5), FILED);
        Map<String, Object> json = FakeUpstream.tradeIn(t.id());
        json.put("status", "OPEN");
        json.remove("completedAt");
        JsonNode first = post(List.of(t.id())).get(0);
        assertThat(first.get("status").asInt()).isEqualTo(201);
        assertThat(first.at("/subsidy/reason").asText()).isEqualTo("TRADE_IN_NOT_COMPLETED");
        assertThat(post(List.of(t.id())).get(0).get("status").asInt()).isEqualTo(200);

        json.put("status", "COMPLETED");
        json.put("completedAt", JUNE.plusSeconds(7200).toString());
        JsonNode again = post(List.of(t.id())).get(0);
        assertThat(again.get("status").asInt()).isEqualTo(200);
        assertThat(again.at("/subsidy/id")).isEqualTo(first.at("/subsidy/id"));
        assertThat(again.at("/subsidy/status").asText()).isEqualTo("GRANTED");
        assertThat(again.at("/subsidy/rank").asInt()).isEqualTo(1);
        assertThat(rows(t.id())).isEqualTo(1);
    }

    @Test
    void onlyServiceAndRegulatorMayClaimInBatches() {
        String body = "{\"tradeInIds\":[\"" + UUID.randomUUID() + "\"]}";
        given().contentType(ContentType.JSON).body(body).when().post(PATH).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.owner(UUID.randomUUID())).contentType(ContentType.JSON).body(body)
                .when().post(PATH).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.dealer()).contentType(ContentType.JSON).body(body).when().post(PATH).then()
                .statusCode(403);
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON).body(body).when().post(PATH).then()
                .statusCode(200).body("items[0].status", equalTo(404));
    }

    @Test
    void aBatchIsOneTo200ValidIdsAndABadOneIs400NamingTheField() {
        List<String> tooMany = IntStream.range(0, 201).mapToObj(i -> UUID.randomUUID().toString()).toList();
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(Map.of("tradeInIds", tooMany))
                .when().post(PATH).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("tradeInIds"));
        JsonPath ok = given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON)
                .body(Map.of("tradeInIds", tooMany.subList(0, 200))).when().post(PATH).then().statusCode(200)
                .extract().jsonPath();
        assertThat(ok.getList("items.status", Integer.class)).hasSize(200).containsOnly(404);
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(Map.of("tradeInIds", List.of()))
                .when().post(PATH).then().statusCode(400).body("errors.field", hasItem("tradeInIds"));
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body("{}")
                .when().post(PATH).then().statusCode(400).body("errors.field", hasItem("tradeInIds"));
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body("{\"tradeInIds\":[\"nope\"]}")
                .when().post(PATH).then().statusCode(400).contentType("application/problem+json");
    }
}
