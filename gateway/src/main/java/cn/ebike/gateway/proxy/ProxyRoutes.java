package cn.ebike.gateway.proxy;

import cn.ebike.common.problem.Problem;
import cn.ebike.common.problem.ProblemType;
import cn.ebike.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Puts the gateway on the Quarkus router: the API filter on every /api path, then one streaming
 * reverse proxy (Vert.x HttpProxy, no body handler in front) per service for the paths it owns,
 * and a problem+json 404 for /api paths nobody serves.
 */
@ApplicationScoped
public class ProxyRoutes {

    /** After Quarkus' own early handlers (CORS, body-size check), before Quarkus REST. */
    static final int ORDER_FILTER = 100;
    static final int ORDER_PROXY = 110;
    static final int ORDER_NOT_FOUND = 30_000;

    private final Map<Upstream, HttpProxy> proxies = new EnumMap<>(Upstream.class);
    private final List<HttpClient> clients = new ArrayList<>();

    void install(@Observes Router router, Vertx vertx, GatewayConfig config, ApiEdgeFilter filter,
            ProxyMetrics metrics) {
        for (Upstream upstream : Upstream.values()) {
            URI uri = URI.create(switch (upstream) {
                case REGISTRATION -> config.services().registration();
                case TRADEIN -> config.services().tradein();
                case SUBSIDY -> config.services().subsidy();
            });
            int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
            HttpClientOptions options = new HttpClientOptions()
                    .setSsl("https".equals(uri.getScheme()))
                    .setConnectTimeout((int) config.proxy().connectTimeout().toMillis())
                    .setIdleTimeout((int) config.proxy().idleTimeout().toMillis())
                    .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                    .setKeepAlive(true)
                    .setTcpNoDelay(true);
            HttpClient client = vertx.createHttpClient(options,
                    new PoolOptions().setHttp1MaxSize(config.proxy().maxPoolSize()));
            clients.add(client);
            String host = uri.getHost();
            long idleMs = config.proxy().idleTimeout().toMillis();
            proxies.put(upstream, HttpProxy.reverseProxy(client)
                    .originRequestProvider((request, c) -> c.request(new RequestOptions()
                            .setHost(host).setPort(port).setIdleTimeout(idleMs)))
                    .addInterceptor(new ForwardingInterceptor(upstream, config.proxy().maxBodyBytes(),
                            config.proxy().maxImportBodyBytes(), metrics)));
        }

        router.route("/api/*").order(ORDER_FILTER).handler(filter::handle);
        for (Upstream upstream : Upstream.values()) {
            HttpProxy proxy = proxies.get(upstream);
            for (String prefix : upstream.prefixes()) {
                router.routeWithRegex("^" + java.util.regex.Pattern.quote(prefix) + "(/.*)?$").order(ORDER_PROXY)
                        .handler(ctx -> proxy.handle(ctx.request()));
            }
        }
        router.route("/api/*").order(ORDER_NOT_FOUND).handler(ctx -> Responses.send(ctx,
                Problem.of(ProblemType.NOT_FOUND, "No such API path.")));
    }

    void close(@Observes ShutdownEvent event) {
        clients.forEach(HttpClient::close);
    }
}
