package cn.ebike.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.gateway.redis.EventLoopRedis;
import cn.ebike.gateway.support.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas (two limiters with their own local permits) sharing one Redis: together they
 * never admit more than the limit, refuse at most the stated tolerance early, and ask Redis about once
 * per batch instead of once per call.
 */
@QuarkusTest
class SharedRateLimitTest extends GatewayTestBase {

    /** One hour: the test never straddles a window boundary by chance. */
    private static final long WINDOW_MS = 3_600_000;
    private static final double SHARE = 0.02;

    @Inject
    EventLoopRedis eventLoopRedis;

    @Inject
    Vertx vertx;

    private RateLimiter replicaA;
    private RateLimiter replicaB;

    @BeforeEach
    void twoReplicas() {
        replicaA = new RateLimiter(eventLoopRedis, vertx, WINDOW_MS, SHARE, 200, 2000);
        replicaB = new RateLimiter(eventLoopRedis, vertx, WINDOW_MS, SHARE, 200, 2000);
    }

    @AfterEach
    void stop() {
        replicaA.stop();
        replicaB.stop();
    }

    @Test
    void twoReplicasTogetherAdmitNoMoreThanTheLimitAndRefuseAtMostTheToleranceEarly() throws Exception {
        long limit = 2_000;
        String bucket = "shared-" + UUID.randomUUID();
        long attempts = 3_000;
        Result r = hammer(bucket, limit, attempts, 8);
        long batch = replicaA.batchFor(limit);
        assertThat(batch).isEqualTo(40);
        // both replicas keep getting calls, so neither should be left holding permits: usually exactly the limit
        // (a clean-clone run on a loaded machine once saw 1,963 of 2,000 — cause not found; within the documented
        // tolerance of 1.5 batches per other replica, which is what is asserted)
        assertThat(r.admitted).as("admitted by both replicas together")
                .isBetween(limit - (long) Math.ceil(1.5 * batch), limit);
        assertThat(r.admitted + r.refused).isEqualTo(attempts);
        long leases = replicaA.leases() + replicaB.leases();
        assertThat(leases).as("Redis calls for %d requests", attempts).isLessThan(attempts / 10);
        // Redis counted every permit handed out, and no more than the limit
        long counted = redis.value(Long.class).get("gateway:rl:{" + bucket + "}:" + System.currentTimeMillis() / WINDOW_MS);
        assertThat(counted).isBetween(r.admitted, limit);
    }

    @Test
    void permitsLeasedByAReplicaThatGetsNoMoreCallsAreTheOnlyShortfall() throws Exception {
        long limit = 2_000;
        String bucket = "skewed-" + UUID.randomUUID();
        long batch = replicaA.batchFor(limit);
        // replica A serves one call (and leases a batch), then the load balancer sends everything to B
        assertThat(awaitAnswer(replicaA, bucket, limit)).isZero();
        long admittedByB = 0;
        for (int i = 0; i < 2 * limit; i++) {
            if (awaitAnswer(replicaB, bucket, limit) == 0) {
                admittedByB++;
            }
        }
        assertThat(1 + admittedByB).isLessThanOrEqualTo(limit)
                .as("refused early by at most the documented tolerance: 1.5 batches per other replica")
                .isGreaterThanOrEqualTo(limit - (long) Math.ceil(1.5 * batch));
    }

    private static long awaitAnswer(RateLimiter replica, String bucket, long limit) throws Exception {
        java.util.concurrent.CompletableFuture<Long> later = new java.util.concurrent.CompletableFuture<>();
        long now = replica.acquire(bucket, limit, later::complete);
        return now == RateLimiter.PENDING ? later.get(5, TimeUnit.SECONDS) : now;
    }

    @Test
    void aSmallLimitIsLeasedOnePermitAtATimeAndStillExact() throws Exception {
        long limit = 30; // 2 % of 30 is below one: batches of one
        String bucket = "small-" + UUID.randomUUID();
        Result r = hammer(bucket, limit, 90, 4);
        assertThat(replicaA.batchFor(limit)).isEqualTo(1);
        assertThat(r.admitted).isEqualTo(limit);
    }

    @Test
    void aRefusalIsRememberedLocallyInsteadOfAskingRedisForEveryCall() throws Exception {
        long limit = 50;
        String bucket = "refused-" + UUID.randomUUID();
        hammer(bucket, limit, 50, 1);
        long before = replicaA.leases() + replicaB.leases();
        Result r = hammer(bucket, limit, 400, 4);
        assertThat(r.admitted).isZero();
        // each replica re-asks Redis at most about once a second while refused
        assertThat(replicaA.leases() + replicaB.leases() - before).isLessThan(20);
        long wait = replicaA.acquire(bucket, limit, x -> { });
        assertThat(wait).as("ms until a call would pass, for Retry-After").isBetween(1L, WINDOW_MS);
    }

    private record Result(long admitted, long refused) {
    }

    /** {@code attempts} calls spread over both replicas from {@code threads} threads; waits for every answer. */
    private Result hammer(String bucket, long limit, long attempts, int threads) throws Exception {
        AtomicLong admitted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        CountDownLatch answered = new CountDownLatch((int) attempts);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                long i;
                while ((i = next.getAndIncrement()) < attempts) {
                    RateLimiter replica = i % 2 == 0 ? replicaA : replicaB;
                    long now = replica.acquire(bucket, limit, later -> {
                        (later == 0 ? admitted : refused).incrementAndGet();
                        answered.countDown();
                    });
                    if (now != RateLimiter.PENDING) {
                        (now == 0 ? admitted : refused).incrementAndGet();
                        answered.countDown();
                    }
                }
            }));
        }
        for (java.util.concurrent.Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(answered.await(30, TimeUnit.SECONDS)).as("every call answered").isTrue();
        return new Result(admitted.get(), refused.get());
    }
}
