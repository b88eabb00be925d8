package cn.ebike.subsidy.claim;

import static cn.ebike.subsidy.testsupport.Fixtures.FILED;
import static cn.ebike.subsidy.testsupport.Fixtures.JULY;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.subsidy.campaign.Phase;
import cn.ebike.subsidy.campaign.PhaseRepository;
import cn.ebike.subsidy.testsupport.FakeUpstream;
import cn.ebike.subsidy.testsupport.FakeUpstream.TradeIn;
import cn.ebike.subsidy.testsupport.FirstComeBursts;
import cn.ebike.subsidy.testsupport.Fixtures;
import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
import org.junit.jupiter.api.Test;

/**
 * The first-come invariants under load: a phase never grants more than its quota, ranks are 1..quota
 * without duplicates, no owner twice — with 32 threads, with Redis flushed in the middle of the burst,
 * and with the same trade-in claimed many times at once.
 */
@QuarkusTest
class ClaimConcurrencyTest {

    static final int QUOTA = 100;
    static final int CLAIMS = 300;
    static final int THREADS = 32;

    @TestHTTPResource("/api/subsidies/claims")
    URI claims;

    @Inject
    SubsidyRepository subsidies;

    @Inject
    PhaseRepository phases;

    @Inject
    RedisDataSource redis;

    @Inject
    FirstComeBursts bursts;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();


    private int post(UUID tradeInId, String token) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(claims).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tradeInId\":\"" + tradeInId + "\"}")).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new AssertionError("claim " + tradeInId + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.statusCode();
    }

    /** Fires all claims from THREADS threads; {@code midway} runs once as each of {@code midwayAfter} answers is reached. */
    private Map<Integer, Integer> fire(List<TradeIn> trades, Set<Integer> midwayAfter, Runnable midway) throws Exception {
        String token = Tokens.service();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger answered = new AtomicInteger();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (TradeIn t : trades) {
            futures.add(pool.submit(() -> {
                start.await();
                int status = post(t.id(), token);
                statuses.merge(status, 1, Integer::sum);
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
    void threeHundredClaimsFrom32ThreadsOnAQuotaOf100GrantExactly100WithRanks1To100AndNoOwnerTwice() throws Exception {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), QUOTA, 10, 10);
        List<TradeIn> trades = FirstComeBursts.burst(c.district(), CLAIMS);
        Map<Integer, Integer> statuses = fire(trades, Set.of(), null);
        assertThat(statuses).containsOnlyKeys(201).containsEntry(201, CLAIMS);
        bursts.assertInvariants(c.campaignId(), c.phaseIds().get(0), trades, QUOTA);
    }

    @Test
    void redisFlushedInTheMiddleOfTheBurstStillGrantsExactlyTheQuota() throws Exception {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), QUOTA, 10, 10);
        List<TradeIn> trades = FirstComeBursts.burst(c.district(), CLAIMS);
        AtomicInteger flushes = new AtomicInteger();
        // three flushes while slots are in flight: early, around the quota, and after it
        Map<Integer, Integer> statuses = fire(trades, Set.of(40, 90, 150), () -> {
            redis.execute("FLUSHDB");
            flushes.incrementAndGet();
        });
        assertThat(flushes).hasValue(3);
        assertThat(statuses).containsOnlyKeys(201).containsEntry(201, CLAIMS);
        bursts.assertInvariants(c.campaignId(), c.phaseIds().get(0), trades, QUOTA);
    }

    @Test
    void theSameTradeInClaimedTwentyTimesAtOnceIsDecidedOnce() throws Exception {
        Fixtures.Created c = Fixtures.threePhases(Fixtures.district(), 5, 5, 5);
        UUID dealer = FakeUpstream.dealer(c.district(), true);
        TradeIn t = FakeUpstream.eligible(dealer, UUID.randomUUID(), JULY.plusSeconds(5), FILED);
        List<TradeIn> same = Collections.nCopies(20, t);
        String token = Tokens.service();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (TradeIn x : same) {
            answers.add(pool.submit(() -> {
                start.await();
                return post(x.id(), token);
            }));
        }
        start.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : answers) {
            codes.add(f.get(2, TimeUnit.MINUTES));
        }
        pool.shutdown();
        assertThat(codes.stream().filter(s -> s == 201)).as("one creation").hasSize(1);
        assertThat(codes.stream().filter(s -> s == 200)).as("the rest replay it").hasSize(19);
        List<Subsidy> rows = QuarkusTransaction.requiringNew().call(() -> subsidies.list("tradeInId", t.id()));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).status()).isEqualTo(SubsidyStatus.GRANTED);
        assertThat(rows.get(0).rank()).isEqualTo(1);
        Phase july = QuarkusTransaction.requiringNew().call(() -> phases.findById(c.phaseIds().get(1)));
        assertThat(july.granted).isEqualTo(1);
    }
}
