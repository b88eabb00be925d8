package cn.ebike.gateway.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Lua script run atomically by Redis: by SHA (EVALSHA), falling back to EVAL once when Redis does
 * not know it yet (first use, or after a restart emptied its script cache).
 */
public final class LuaScript {

    private static final Duration BLOCKING_TIMEOUT = Duration.ofSeconds(3);

    private final String source;
    private final String sha;

    public LuaScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Future<Response> run(Redis redis, String[] keys, Object... args) {
        return run(redis::send, keys, args);
    }

    /** With any way of sending a command (a pooled client, or one multiplexed connection). */
    public Future<Response> run(Function<Request, Future<Response>> send, String[] keys, Object... args) {
        return send.apply(request(Command.EVALSHA, sha, keys, args)).recover(err -> {
            if (err.getMessage() != null && err.getMessage().startsWith("NOSCRIPT")) {
                return send.apply(request(Command.EVAL, source, keys, args));
            }
            return Future.failedFuture(err);
        });
    }

    /** For worker threads (never the event loop): waits for the answer. */
    public Response runBlocking(Redis redis, String[] keys, Object... args) {
        try {
            return run(redis, keys, args).toCompletionStage().toCompletableFuture()
                    .get(BLOCKING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RedisUnavailableException(e);
        }
    }

    private static Request request(Command command, String scriptOrSha, String[] keys, Object... args) {
        Request r = Request.cmd(command).arg(scriptOrSha).arg(keys.length);
        for (String k : keys) {
            r.arg(k);
        }
        for (Object a : args) {
            r.arg(String.valueOf(a));
        }
        return r;
    }

    /** Redis did not answer; callers turn this into 503. */
    public static class RedisUnavailableException extends RuntimeException {
        public RedisUnavailableException(Throwable cause) {
            super("Redis is unavailable", cause);
        }
    }
}
