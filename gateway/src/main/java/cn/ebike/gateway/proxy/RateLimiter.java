package cn.ebike.gateway.proxy;

import cn.ebike.gateway.config.GatewayConfig;
import cn.ebike.gateway.redis.EventLoopRedis;
import cn.ebike.gateway.redis.LuaScript;
import cn.ebike.gateway.redis.RedisKeys;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * Per-bucket rate limits shared by every gateway replica through Redis, without a Redis round trip per
 * request.
 *
 * <p>Redis keeps the authoritative count per bucket and window (a sliding-window counter: this window's
 * count plus the previous window's weighted by how much of it still overlaps). A replica does not ask
 * for one permit per request: it <em>leases a batch</em> of permits (one Lua call counts the whole batch
 * and grants what is left of the limit, up to the batch) and spends them locally. When a bucket's local
 * permits run low, the next batch is leased in the background, so a busy bucket's requests never wait
 * for Redis. Leased permits die with the window they were counted in, so a bucket is never admitted
 * more than its limit in a window; the price is that permits leased by one replica and not spent there
 * are not available to another: with {@code R} replicas a caller can be refused up to
 * {@code 1.5 × batch × (R − 1)} calls early (batch = {@code local-share} of the limit, 2 % by default,
 * at least 1 and at most {@code max-batch}). A refusal is remembered locally until Redis says a call
 * would pass again (re-asked at most once a second), so a refused caller costs no Redis call either.
 *
 * <p>Redis down or slow (no answer within {@code redis-timeout}): the call passes (fail open, logged)
 * and the bucket gets one batch locally, so a Redis outage costs one attempt per bucket per batch, not
 * one per request.
 */
@Singleton
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /** {@link #acquire} could not decide at once: the answer goes to the callback later. */
    public static final long PENDING = -1;

    /** Buckets kept in memory; past this, new buckets are judged one Redis call per request. */
    static final int MAX_BUCKETS = 100_000;

    /**
     * KEYS[1] this window's counter, KEYS[2] the previous one; ARGV limit, window ms, ms elapsed in this
     * window, permits wanted. Returns {granted, 0}, or {0, ms until one call would be allowed}.
     */
    private static final LuaScript LEASE = new LuaScript("""
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local elapsed = tonumber(ARGV[3])
            local want = tonumber(ARGV[4])
            local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
            local prev = tonumber(redis.call('GET', KEYS[2]) or '0')
            local room = math.floor(limit - prev * (window - elapsed) / window - cur)
            if room < 1 then
              local wait
              if cur + 1 > limit or prev == 0 then
                wait = window - elapsed
              else
                wait = (window - elapsed) - math.floor((limit - cur - 1) * window / prev)
              end
              if wait < 1 then wait = 1 end
              return {0, wait}
            end
            local grant = math.min(room, want)
            redis.call('INCRBY', KEYS[1], grant)
            redis.call('PEXPIRE', KEYS[1], window * 2)
            return {grant, 0}
            """);

    private final EventLoopRedis redis;
    private final Vertx vertx;
    private final long windowMs;
    private final double localShare;
    private final long maxBatch;
    private final long redisTimeoutMs;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final long sweeper;
    private volatile long lastRedisWarning;
    private final java.util.concurrent.atomic.AtomicLong leases = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger leasesOut = new java.util.concurrent.atomic.AtomicInteger();

    @jakarta.inject.Inject
    public RateLimiter(EventLoopRedis redis, Vertx vertx, GatewayConfig config) {
        this(redis, vertx, config.rateLimit().window().toMillis(), config.rateLimit().localShare(),
                config.rateLimit().maxBatch(), config.rateLimit().redisTimeout().toMillis());
    }

    /** A limiter of its own (tests: a second replica sharing the same Redis). */
    public RateLimiter(EventLoopRedis redis, Vertx vertx, long windowMs, double localShare, long maxBatch,
            long redisTimeoutMs) {
        this.redis = redis;
        this.vertx = vertx;
        this.windowMs = windowMs;
        this.localShare = localShare;
        this.maxBatch = maxBatch;
        this.redisTimeoutMs = redisTimeoutMs;
        // buckets of past windows hold nothing worth keeping
        this.sweeper = vertx.setPeriodic(Math.max(1000, windowMs / 2), id -> sweep());
    }

    /** Lease calls sent to Redis so far (one per batch, not one per request). */
    public long leases() {
        return leases.get();
    }

    /** Stops the sweeper (a limiter made by a test). */
    public void stop() {
        vertx.cancelTimer(sweeper);
    }

    /** How many permits a replica leases at once for a bucket with this limit. */
    long batchFor(long limit) {
        return Math.max(1, Math.min(maxBatch, (long) Math.floor(limit * localShare)));
    }

    /**
     * Takes one permit from the bucket. Returns 0 when the call may pass, a positive number (ms until a
     * call would pass) when it is refused, or {@link #PENDING} when Redis must be asked first: then
     * {@code later} receives 0 or the wait, on the caller's context.
     */
    public long acquire(String key, long limit, LongConsumer later) {
        long now = System.currentTimeMillis();
        long window = now / windowMs;
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = buckets.size() < MAX_BUCKETS
                    ? buckets.computeIfAbsent(key, k -> new Bucket(k, false))
                    : new Bucket(key, true); // over the cap: judged by Redis one call at a time, kept nowhere
        }
        return bucket.take(now, window, limit, later);
    }

    /** Lease calls sent and not yet answered (or timed out). */
    public int leasesOut() {
        return leasesOut.get();
    }

    /**
     * Forgets every local permit and refusal (tests, which reset Redis between cases). A caller that also empties
     * Redis waits for {@link #leasesOut()} to reach 0 first: a lease still on its way would count its batch in Redis
     * after the reset, for a bucket this replica no longer remembers.
     */
    public void forgetLocalState() {
        buckets.clear();
    }

    private void sweep() {
        long window = System.currentTimeMillis() / windowMs;
        buckets.values().removeIf(b -> b.idleSince(window));
    }

    void close(@Observes ShutdownEvent event) {
        stop();
    }

    private void warnRedis(Throwable cause) {
        long now = System.currentTimeMillis();
        if (now - lastRedisWarning > 10_000) {
            lastRedisWarning = now;
            LOG.warnf("rate limit not checked, Redis unavailable: %s", cause.toString());
        }
    }

    private record Waiter(Context context, LongConsumer callback) {
        void answer(long result) {
            if (context == null || Vertx.currentContext() == context) {
                callback.accept(result);
            } else {
                context.runOnContext(v -> callback.accept(result));
            }
        }
    }

    /** One bucket's local state; every field is guarded by the bucket's monitor. */
    private final class Bucket {
        private final String key;
        private final boolean single;
        private long limit;
        private long window = -1;
        private long permits;
        private long recheckAt;
        private long deniedUntil;
        private boolean leasing;
        private List<Waiter> waiters;

        Bucket(String key, boolean single) {
            this.key = key;
            this.single = single;
        }

        private long batch() {
            return single ? 1 : batchFor(limit);
        }

        long take(long now, long currentWindow, long limit, LongConsumer later) {
            boolean lease;
            long result;
            long want;
            synchronized (this) {
                this.limit = limit;
                if (window != currentWindow) {
                    // permits were counted in the window they were leased for: they die with it
                    window = currentWindow;
                    permits = 0;
                }
                if (permits > 0) {
                    permits--;
                    // running low: the next batch is leased ahead of need, nobody waits for it
                    lease = !leasing && permits * 2 < batch() && now >= recheckAt;
                    result = 0;
                } else if (now < recheckAt) {
                    return Math.max(1, deniedUntil - now);
                } else {
                    if (waiters == null) {
                        waiters = new ArrayList<>(4);
                    }
                    waiters.add(new Waiter(Vertx.currentContext(), later));
                    lease = !leasing;
                    result = PENDING;
                }
                if (lease) {
                    leasing = true;
                }
                want = wanted();
            }
            if (lease) {
                lease(currentWindow, now, want);
            }
            return result;
        }

        /** At least a batch, and enough for everyone already waiting. Called holding the monitor. */
        private long wanted() {
            return Math.max(batch(), waiters == null ? 0 : Math.min(waiters.size(), 10 * maxBatch));
        }

        private void lease(long forWindow, long now, long want) {
            leases.incrementAndGet();
            leasesOut.incrementAndGet();
            Promise<Response> answer = Promise.promise();
            long timer = vertx.setTimer(redisTimeoutMs,
                    id -> answer.tryFail(new TimeoutException("no answer from Redis within " + redisTimeoutMs + " ms")));
            String base = RedisKeys.key("rl", "{" + key + "}");
            Future<Response> sent;
            try {
                sent = LEASE.run(redis::send, new String[] {base + ":" + forWindow, base + ":" + (forWindow - 1)},
                        limit, windowMs, now - forWindow * windowMs, want);
            } catch (RuntimeException e) {
                sent = Future.failedFuture(e);
            }
            if (sent.isComplete()) {
                // never answer a waiter before acquire() has returned PENDING to it
                Future<Response> done = sent;
                sent = Future.future(p -> vertx.runOnContext(v -> done.onComplete(p)));
            }
            sent.onComplete(ar -> {
                vertx.cancelTimer(timer);
                if (ar.succeeded()) {
                    answer.tryComplete(ar.result());
                } else {
                    answer.tryFail(ar.cause());
                }
            });
            answer.future().onComplete(ar -> {
                leasesOut.decrementAndGet();
                long granted;
                long wait;
                if (ar.succeeded()) {
                    granted = ar.result().get(0).toLong();
                    wait = ar.result().get(1).toLong();
                } else {
                    warnRedis(ar.cause());
                    granted = want; // fail open, but only once per batch
                    wait = 0;
                }
                settle(forWindow, granted, wait);
            });
        }

        private void settle(long forWindow, long granted, long wait) {
            List<Waiter> served;
            long[] answers;
            synchronized (this) {
                leasing = false;
                long now = System.currentTimeMillis();
                if (forWindow == window) {
                    permits += granted;
                } else if (waiters != null && permits == 0) {
                    // the window turned while this lease was out: the waiters need one for the new window
                    leasing = true;
                    lease(window, now, wanted());
                    return;
                }
                if (granted == 0) {
                    deniedUntil = now + wait;
                    recheckAt = now + Math.min(wait, 1000);
                }
                if (waiters == null) {
                    return;
                }
                int n = waiters.size();
                int serve;
                if (granted == 0) {
                    serve = n; // Redis said no: everyone waiting is refused
                } else {
                    serve = (int) Math.min(n, permits);
                }
                served = new ArrayList<>(waiters.subList(0, serve));
                answers = new long[serve];
                for (int i = 0; i < serve; i++) {
                    if (permits > 0) {
                        permits--;
                        answers[i] = 0;
                    } else {
                        answers[i] = Math.max(1, deniedUntil - now);
                    }
                }
                if (serve == n) {
                    waiters = null;
                } else {
                    // more callers arrived than this lease covered: they wait for the next one
                    waiters = new ArrayList<>(waiters.subList(serve, n));
                    leasing = true;
                    lease(window, now, wanted());
                }
            }
            for (int i = 0; i < answers.length; i++) {
                served.get(i).answer(answers[i]);
            }
        }

        synchronized boolean idleSince(long currentWindow) {
            return window < currentWindow - 1 && !leasing && waiters == null;
        }
    }
}
