package cn.ebike.gateway.redis;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * A Lua script run atomically by Redis: by SHA (EVALSHA), falling back to EVAL once when Redis does not know it yet
 * (first use, or after a restart emptied its script cache). Every script of the gateway runs through here, on one
 * of two paths:
 * <ul>
 * <li>{@link #run} on the event loop (the proxy's rate limit): never waits, answers with a Vert.x future;</li>
 * <li>{@link #runBlocking} on worker threads (login lock-out, SMS codes): through Quarkus' blocking
 * {@link RedisDataSource}, which gives up after {@code quarkus.redis.timeout}; any failure, that timeout included,
 * is a {@link RedisUnavailableException} (callers answer 503).</li>
 * </ul>
 */
public final class LuaScript {

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

    /** The script's SHA-1, the name Redis knows it by. */
    public String sha() {
        return sha;
    }

    /** Non-blocking, with any way of sending a command (a pooled client, or one multiplexed connection). */
    public Future<Response> run(Function<Request, Future<Response>> send, String[] keys, Object... args) {
        return send.apply(request(Command.EVALSHA, sha, keys, args)).recover(err -> {
            if (unknownScript(err)) {
                return send.apply(request(Command.EVAL, source, keys, args));
            }
            return Future.failedFuture(err);
        });
    }

    /**
     * For worker threads (never the event loop): waits for the answer, at most {@code quarkus.redis.timeout} per
     * command. {@code null} when the script returned nil.
     */
    public io.vertx.mutiny.redis.client.Response runBlocking(RedisDataSource redis, String[] keys, Object... args) {
        try {
            try {
                return redis.execute(Command.EVALSHA, arguments(sha, keys, args));
            } catch (RuntimeException e) {
                if (!unknownScript(e)) {
                    throw e;
                }
                return redis.execute(Command.EVAL, arguments(source, keys, args));
            }
        } catch (RuntimeException e) {
            throw new RedisUnavailableException(e);
        }
    }

    /** Redis answered NOSCRIPT (possibly wrapped by the blocking API). */
    private static boolean unknownScript(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static String[] arguments(String scriptOrSha, String[] keys, Object... args) {
        String[] out = new String[2 + keys.length + args.length];
        out[0] = scriptOrSha;
        out[1] = String.valueOf(keys.length);
        System.arraycopy(keys, 0, out, 2, keys.length);
        for (int i = 0; i < args.length; i++) {
            out[2 + keys.length + i] = String.valueOf(args[i]);
        }
        return out;
    }

    private static Request request(Command command, String scriptOrSha, String[] keys, Object... args) {
        Request r = Request.cmd(command);
        for (String a : arguments(scriptOrSha, keys, args)) {
            r.arg(a);
        }
        return r;
    }

    /** Redis did not answer (in time); callers turn this into 503. */
    public static class RedisUnavailableException extends RuntimeException {
        public RedisUnavailableException(Throwable cause) {
            super("Redis is unavailable", cause);
        }
    }
}
