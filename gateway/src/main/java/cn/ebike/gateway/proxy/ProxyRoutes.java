package cn.ebike.gateway.proxy;

import cn.ebike.common.problem.Problem;
import cn.ebike.common.problem.ProblemType;
import cn.ebike.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Puts the gateway on the Quarkus router: the API filter on every /api path, then one streaming
 * pass-through ({@link Forwarder}, no body handler in front) per service and event loop for the paths it owns,
 * and a problem+json 404 for /api paths nobody serves.
 */
@ApplicationScoped
public class ProxyRoutes {

    /**
     * After common's read timeouts and body limits (filters 1100, 1000: orders -1100, -1000) and Quarkus' CORS
     * (filter 300), before Quarkus security's handlers (authentication 200, its failure handler 199,
     * authorisation 100) and everything after them. A proxied request is judged by the filter and forwarded
     * without passing them: the gateway's security for proxied paths is the filter, and those handlers cost
     * about a fifth of the gateway's CPU per proxied request (lazy-identity Unis, an HTTP permission check and
     * Quarkus REST's observability hook, which builds a request mapper per request). Paths served here go on
     * through them to Quarkus REST.
     */
    static final int ORDER_FILTER = -250;
    /** Before Quarkus' Swagger UI route (mounted at /api/docs with the router's first orders). */
    static final int ORDER_DOCS_FILTER = -10;
    static final int ORDER_PROXY = -240;
    static final int ORDER_NOT_FOUND = 30_000;

    private static final Object NO_LOOP = new Object();


    private final Map<Upstream, Map<Object, Forwarder>> proxies = new EnumMap<>(Upstream.class);
    private final List<HttpClient> clients = new CopyOnWriteArrayList<>();

    void install(@Observes Router router, Vertx vertx, GatewayConfig config, ApiEdgeFilter filter,
            ProxyMetrics metrics) {
        for (Upstream upstream : Upstream.values()) {
            proxies.put(upstream, new ConcurrentHashMap<>());
        }
        // one route for every proxied prefix: the owner is found by a prefix look-up (a path the filter let
        // through is in normal form), not by one regular expression per prefix tried in turn
        router.route("/api/*").order(ORDER_PROXY).handler(ctx -> {
            Upstream upstream = Upstream.forPath(ctx.normalizedPath());
            if (upstream == null) {
                ctx.next(); // served here (Quarkus REST) or nobody's: the 404 below
                return;
            }
            proxyOnThisLoop(proxies.get(upstream), vertx, upstream, config, metrics).forward(ctx.request());
        });
        router.route("/api/*").order(ORDER_FILTER).handler(filter::handle);
        // Swagger UI (Quarkus' extension) is mounted before any route of ours: put the filter, and so the
        // anonymous rate limit, in front of it too
        router.route("/api/docs*").order(ORDER_DOCS_FILTER).handler(filter::handleDocs);
        router.route("/api/*").order(ORDER_NOT_FOUND).handler(ctx -> Responses.send(ctx,
                Problem.of(ProblemType.NOT_FOUND, "No such API path.")));
    }

    /**
     * The proxy of this event loop. Each event loop has its own HttpClient, whose connections are opened
     * from (and so live on) that loop: a request is read, forwarded and answered on one thread. One
     * client shared by all loops hands out its connections last-in-first-out whatever loop they live on,
     * and every request whose connection lives on the other loop pays two cross-thread hand-offs — two
     * wake-ups of a sleeping loop, which cost most when the backend is slow and the loops idle between
     * events.
     */
    private Forwarder proxyOnThisLoop(Map<Object, Forwarder> perLoop, Vertx vertx, Upstream upstream,
            GatewayConfig config, ProxyMetrics metrics) {
        // Quarkus runs each request on a duplicate of its event loop's context: key by the loop (its thread)
        Object loop = Context.isOnEventLoopThread() ? Thread.currentThread() : NO_LOOP;
        Forwarder proxy = perLoop.get(loop);
        if (proxy == null) {
            proxy = perLoop.computeIfAbsent(loop, l -> newProxy(vertx, upstream, config, metrics));
        }
        return proxy;
    }

    private Forwarder newProxy(Vertx vertx, Upstream upstream, GatewayConfig config, ProxyMetrics metrics) {
        URI uri = URI.create(switch (upstream) {
            case REGISTRATION -> config.services().registration();
            case TRADEIN -> config.services().tradein();
            case SUBSIDY -> config.services().subsidy();
        });
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        // the connection's idle timeout (no byte either way for that long) also bounds a silent backend:
        // the connection is closed and the request fails into a 503, with no timer per request
        HttpClientOptions options = new HttpClientOptions()
                .setSsl("https".equals(uri.getScheme()))
                .setConnectTimeout((int) config.proxy().connectTimeout().toMillis())
                .setIdleTimeout((int) config.proxy().idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, config.proxy().keepAliveTimeout().toSeconds()))
                .setTcpNoDelay(true);
        HttpClient client = vertx.createHttpClient(options,
                new PoolOptions().setHttp1MaxSize(config.proxy().maxPoolSize()));
        clients.add(client);
        return new Forwarder(upstream, client, uri.getHost(), port, config.proxy().maxBodyBytes(),
                config.proxy().maxImportBodyBytes(), metrics);
    }

    void close(@Observes ShutdownEvent event) {
        clients.forEach(HttpClient::close);
    }
}
