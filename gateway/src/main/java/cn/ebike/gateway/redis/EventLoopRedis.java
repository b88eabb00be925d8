package cn.ebike.gateway.redis;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One Redis connection per event loop for the per-request checks on the proxy path. Commands are
 * pipelined on it (many in flight at once), so a request costs one write and one read instead of a
 * pool lease, a write, a read and a release. A broken connection is dropped and the next command
 * opens a new one.
 */
@Singleton
public class EventLoopRedis {

    private final Redis client;
    private final Map<Thread, Future<RedisConnection>> connections = new ConcurrentHashMap<>();

    public EventLoopRedis(Vertx vertx, @ConfigProperty(name = "quarkus.redis.hosts") List<String> hosts) {
        this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(hosts.get(0))
                .setMaxWaitingHandlers(65_536)
                // one leased connection per event loop (Quarkus: 2 x cores by default) plus headroom
                .setMaxPoolSize(Math.max(16, 4 * Runtime.getRuntime().availableProcessors())));
    }

    /** Must be called on an event loop (the request's). */
    public Future<Response> send(Request request) {
        if (Vertx.currentContext() == null || !Context.isOnEventLoopThread()) {
            return client.send(request);
        }
        // Quarkus runs each request on a duplicated context: share per event loop (its thread), not per request
        Thread context = Thread.currentThread();
        Future<RedisConnection> connection = connections.computeIfAbsent(context, c -> connect(c));
        return connection.compose(conn -> conn.send(request)).onFailure(e -> {
            // a closed connection fails its commands; let the next one reconnect
            connections.remove(context, connection);
        });
    }

    private Future<RedisConnection> connect(Thread context) {
        return client.connect().onSuccess(conn -> {
            conn.exceptionHandler(e -> connections.remove(context));
            conn.endHandler(v -> connections.remove(context));
        });
    }

    void close(@Observes ShutdownEvent event) {
        connections.values().forEach(f -> f.onSuccess(RedisConnection::close));
        client.close();
    }
}
