package cn.ebike.gateway.account;

import cn.ebike.gateway.config.GatewayConfig;
import cn.ebike.gateway.redis.LuaScript;
import cn.ebike.gateway.redis.RedisKeys;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.UUID;

/**
 * Lock-out of a username after too many failed logins in a sliding window, kept in Redis. A login
 * first reserves an attempt atomically (so concurrent guesses cannot slip past the limit); a
 * successful login clears the username's record, a failed one leaves its attempt counted.
 */
@Singleton
public class LoginAttempts {

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

    private final Redis redis;
    private final GatewayConfig config;

    public LoginAttempts(Redis redis, GatewayConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** 0 when the attempt may go on, otherwise how many milliseconds the username stays locked. */
    public long reserve(String username) {
        return RESERVE.runBlocking(redis, new String[] {key(username)}, System.currentTimeMillis(),
                config.login().failureWindow().toMillis(), config.login().maxFailures(),
                UUID.randomUUID().toString()).toLong();
    }

    public void succeeded(String username) {
        redis.send(Request.cmd(Command.DEL).arg(key(username)));
    }

    private static String key(String username) {
        return RedisKeys.key("login-attempts", RedisKeys.sha256Hex(username.toLowerCase(Locale.ROOT)));
    }
}
