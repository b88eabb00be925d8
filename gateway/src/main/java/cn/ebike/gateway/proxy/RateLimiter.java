package cn.ebike.gateway.proxy;

import cn.ebike.gateway.redis.LuaScript;
import cn.ebike.gateway.redis.RedisKeys;
import io.vertx.core.Future;
import cn.ebike.gateway.redis.EventLoopRedis;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Sliding-window rate limit in Redis (the "sliding window counter": this window's count plus the
 * previous window's count weighted by how much of it still overlaps), checked and counted in one
 * Lua script so concurrent requests on any number of gateway replicas cannot overshoot.
 */
@Singleton
public class RateLimiter {

    /**
     * KEYS[1] this window's counter, KEYS[2] the previous one; ARGV limit, window ms, ms elapsed in
     * this window. Returns 0 (allowed, counted) or the milliseconds until a request would be allowed.
     */
    private static final LuaScript SLIDING_WINDOW = new LuaScript("""
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local elapsed = tonumber(ARGV[3])
            local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
            local prev = tonumber(redis.call('GET', KEYS[2]) or '0')
            if prev * (window - elapsed) / window + cur + 1 > limit then
              local wait
              if cur + 1 > limit or prev == 0 then
                wait = window - elapsed
              else
                wait = (window - elapsed) - math.floor((limit - cur - 1) * window / prev)
              end
              if wait < 1 then wait = 1 end
              return wait
            end
            redis.call('INCR', KEYS[1])
            redis.call('PEXPIRE', KEYS[1], window * 2)
            return 0
            """);

    private final EventLoopRedis redis;

    public RateLimiter(EventLoopRedis redis) {
        this.redis = redis;
    }

    /** Completes with 0 when the request may pass, else with the milliseconds to wait. */
    public Future<Long> acquire(String bucket, long limit, Duration window) {
        long windowMs = window.toMillis();
        long now = System.currentTimeMillis();
        long index = now / windowMs;
        // the hash tag keeps both windows of a bucket in one Redis Cluster slot
        String base = RedisKeys.key("rl", "{" + bucket + "}");
        return SLIDING_WINDOW.run(redis::send, new String[] {base + ":" + index, base + ":" + (index - 1)},
                limit, windowMs, now - index * windowMs).map(r -> r.toLong());
    }
}
