package cn.ebike.gateway.account;

import cn.ebike.gateway.config.GatewayConfig;
import cn.ebike.gateway.redis.LuaScript;
import cn.ebike.gateway.redis.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Lock-out of a username after too many failed logins in a sliding window, kept in Redis. A login
 * first reserves an attempt atomically (so concurrent guesses cannot slip past the limit); a
 * successful login clears the username's record, a failed one leaves its attempt counted. Called on worker threads
 * (the login endpoint), so it waits for Redis through the blocking {@link RedisDataSource}, at most
 * {@code quarkus.redis.timeout}.
 */
@Singleton
public class LoginAttempts {

    private static final Logger LOG = Logger.getLogger(LoginAttempts.class);

    /** KEYS[1] sorted set of attempts; ARGV now ms, window ms, max, member. Returns 0 or ms to wait. */
    private static final LuaScript RESERVE = new LuaScript("""
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
              local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
              local wait = tonumber(oldest[2]) + window - now
              if wait < 1 then wait = 1 end
              return wait
            end
            redis.call('ZADD', KEYS[1], now, ARGV[4])
            redis.call('PEXPIRE', KEYS[1], window)
            return 0
            """);

    private final RedisDataSource redis;
    private final KeyCommands<String> keys;
    private final GatewayConfig config;

    public LoginAttempts(RedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.keys = redis.key();
        this.config = config;
    }

    /**
     * 0 when the attempt may go on, otherwise how many milliseconds the username stays locked;
     * {@link LuaScript.RedisUnavailableException} when Redis cannot say (the login fails closed).
     */
    public long reserve(String username) {
        return RESERVE.runBlocking(redis, new String[] {key(username)}, System.currentTimeMillis(),
                config.login().failureWindow().toMillis(), config.login().maxFailures(),
                UUID.randomUUID().toString()).toLong();
    }

    /** Clears the username's failures; a Redis that cannot do it now does not fail the sign-in (they expire). */
    public void succeeded(String username) {
        try {
            keys.del(key(username));
        } catch (RuntimeException e) {
            LOG.warnf("failed logins of a user not cleared, Redis unavailable: %s", e.toString());
        }
    }

    private static String key(String username) {
        return RedisKeys.key("login-attempts", RedisKeys.sha256Hex(username.toLowerCase(Locale.ROOT)));
    }
}
