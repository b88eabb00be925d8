package cn.ebike.systemtests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Api.Owner;
import cn.ebike.systemtests.harness.Api.TradeIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/** Many trade-ins made ready, then completed at the same instant from many threads. */
public final class Burst {

    public static final Set<String> GRANTED_STATES = Set.of("GRANTED", "PAYING", "PAID", "FAILED");

    private final Api api;
    private final List<Dealer> dealers;
    private final List<TradeIn> ready = new ArrayList<>();
    private final Map<String, Dealer> dealerOf = new java.util.HashMap<>();
    private final Map<String, String> ownerOf = new java.util.HashMap<>();

    public Burst(Api api, List<Dealer> dealers) {
        this.api = api;
        this.dealers = dealers;
    }

    /** {@code owners} owners, each bringing {@code bikesEach} filed bikes, spread over the dealers. */
    public Burst prepare(int owners, int bikesEach) {
        for (int i = 0; i < owners; i++) {
            Dealer d = dealers.get(i % dealers.size());
            Owner o = api.owner(d);
            for (int b = 0; b < bikesEach; b++) {
                TradeIn t = api.readyTradeIn(d, o, api.filedBike(o));
                ready.add(t);
                dealerOf.put(t.id(), d);
                ownerOf.put(t.id(), o.id());
            }
        }
        return this;
    }

    public List<TradeIn> tradeIns() {
        return ready;
    }

    public String ownerOf(String tradeInId) {
        return ownerOf.get(tradeInId);
    }

    /** Completes every prepared trade-in at once; {@code during} runs once half of them have been sent. */
    public List<Integer> completeAllAtOnce(Runnable during) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(32, ready.size()));
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch half = new CountDownLatch(ready.size() / 2);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (TradeIn t : ready) {
                results.add(pool.submit(() -> {
                    go.await();
                    int status = api.complete(dealerOf.get(t.id()), t.id()).statusCode();
                    half.countDown();
                    return status;
                }));
            }
            go.countDown();
            if (during != null) {
                half.await();
                during.run();
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until every claim reached subsidy, then returns the campaign's subsidies. */
    public List<Map<String, Object>> awaitDecisions(String campaignId, Duration timeout) {
        Api.await("all " + ready.size() + " claims delivered", timeout,
                () -> ready.stream().allMatch(t -> Boolean.TRUE.equals(api.tradeIn(t.id()).getBoolean("claimDelivered"))));
        Set<String> ids = ready.stream().map(TradeIn::id).collect(Collectors.toSet());
        List<Map<String, Object>> mine = new ArrayList<>();
        for (Map<String, Object> s : api.subsidies(campaignId)) {
            if (ids.contains((String) s.get("tradeInId"))) {
                mine.add(s);
            }
        }
        return mine;
    }

    /** The invariants of a first-come phase: exactly quota granted, ranks 1..quota, one grant per owner and per trade-in. */
    public static void assertFirstComeInvariants(Collection<Map<String, Object>> subsidies, int quota, int expectedDecisions) {
        assertThat(subsidies).as("one decision per trade-in").hasSize(expectedDecisions);
        assertThat(subsidies.stream().map(s -> s.get("tradeInId")).collect(Collectors.toSet())).hasSize(expectedDecisions);
        List<Map<String, Object>> granted = subsidies.stream()
                .filter(s -> GRANTED_STATES.contains((String) s.get("status"))).toList();
        assertThat(granted).as("granted never exceeds the quota").hasSize(quota);
        Set<Integer> ranks = new HashSet<>();
        for (Map<String, Object> g : granted) {
            ranks.add(((Number) g.get("rank")).intValue());
        }
        Set<Integer> expectedRanks = new HashSet<>();
        for (int i = 1; i <= quota; i++) {
            expectedRanks.add(i);
        }
        assertThat(ranks).as("ranks 1..quota, none twice").isEqualTo(expectedRanks);
        assertThat(granted.stream().map(g -> g.get("ownerId")).collect(Collectors.toSet()))
                .as("one grant per owner").hasSize(quota);
    }
}
