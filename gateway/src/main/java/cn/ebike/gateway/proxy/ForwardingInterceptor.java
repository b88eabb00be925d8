package cn.ebike.gateway.proxy;

import cn.ebike.common.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Shapes each proxied exchange: hop-by-hop headers out both ways (including those a Connection
 * header names), X-Forwarded-* and X-Request-Id in, the body limit enforced while streaming, and a
 * problem+json 503 (not Vert.x's bare 502) when the service cannot be reached or does not answer.
 */
final class ForwardingInterceptor implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(ForwardingInterceptor.class);

    /** RFC 9110 §7.6.1 plus the legacy ones still seen in the wild. */
    static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private static final String LIMITED = "gateway.limitedBody";

    private static final String STARTED = "gateway.started";
    /** Set when the gateway answers itself (413, 503): its own headers are meant as written. */
    private static final String OWN_ANSWER = "gateway.ownAnswer";

    private final Upstream upstream;
    private final long maxBodyBytes;
    private final long maxImportBodyBytes;
    private final ProxyMetrics metrics;

    ForwardingInterceptor(Upstream upstream, long maxBodyBytes, long maxImportBodyBytes, ProxyMetrics metrics) {
        this.upstream = upstream;
        this.maxBodyBytes = maxBodyBytes;
        this.maxImportBodyBytes = maxImportBodyBytes;
        this.metrics = metrics;
    }

    private long bodyLimit(HttpServerRequest request) {
        return ApiEdgeFilter.isImport(request.method(), request.path()) ? maxImportBodyBytes : maxBodyBytes;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
        ctx.set(STARTED, System.nanoTime());
        ProxyRequest request = ctx.request();
        HttpServerRequest incoming = request.proxiedRequest();
        MultiMap headers = request.headers();
        stripHopByHop(headers);
        // X-Forwarded-For and X-Request-Id were set on the incoming request by ApiEdgeFilter (the
        // address ClientAddress resolved, the id it kept or made) and copied here by the proxy
        headers.set("X-Forwarded-Proto", incoming.scheme() == null ? "http" : incoming.scheme());
        String host = incoming.getHeader("Host");
        if (host != null) {
            headers.set("X-Forwarded-Host", host);
        } else {
            headers.remove("X-Forwarded-Host");
        }

        Body body = request.getBody();
        LimitedBody limited = null;
        if (body != null && body.length() < 0) {
            if (incoming.version() == HttpVersion.HTTP_2 && incoming.getHeader("transfer-encoding") == null) {
                // an HTTP/2 body of unknown length has no chunked header; the HTTP/1.1 request to the
                // service must be chunked, and the proxy decides that from the incoming headers
                incoming.headers().set("transfer-encoding", "chunked");
            }
            limited = new LimitedBody(body.stream(), bodyLimit(incoming));
            request.setBody(Body.body(limited, -1));
        }
        LimitedBody guard = limited;
        return ctx.sendRequest().recover(failure -> {
            ctx.set(OWN_ANSWER, Boolean.TRUE);
            if (guard != null && guard.overflowed()) {
                return Future.succeededFuture(tooLarge(ctx, incoming));
            }
            LOG.warnf("%s %s → %s failed: %s", incoming.method(), incoming.path(), upstream.serviceName(),
                    failure.toString());
            return Future.succeededFuture(problem(ctx.request().release().response(),
                    Responses.unavailable(upstream.serviceName()).toJson(), 503));
        });
    }

    private ProxyResponse tooLarge(ProxyContext ctx, HttpServerRequest incoming) {
        long limit = bodyLimit(incoming);
        boolean http1 = incoming.version() != HttpVersion.HTTP_2;
        if (!incoming.isEnded()) {
            // the rest of the body is read and dropped, then (HTTP/1.x) the connection is closed
            try {
                incoming.handler(b -> { });
                if (http1) {
                    incoming.endHandler(v -> incoming.connection().close());
                }
                incoming.resume();
            } catch (IllegalStateException endedMeanwhile) {
                // the last bytes arrived in the meantime: nothing left to drain
            }
        }
        ProxyResponse response = ctx.request().response();
        if (http1) {
            response.putHeader("Connection", "close");
        }
        return problem(response, Responses.tooLarge(limit).toJson(), 413);
    }

    private static ProxyResponse problem(ProxyResponse response, String json, int status) {
        Buffer buffer = Buffer.buffer(json);
        return response.setStatusCode(status).setStatusMessage(null)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Content-Length", Integer.toString(buffer.length()))
                .setBody(Body.body(buffer));
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext ctx) {
        ProxyResponse response = ctx.response();
        if (ctx.get(OWN_ANSWER, Boolean.class) == null) {
            stripHopByHop(response.headers());
        }
        // the gateway's own id is already on the response; never two
        response.headers().remove(ApiEdgeFilter.REQUEST_ID);
        Long started = ctx.get(STARTED, Long.class);
        if (started != null) {
            metrics.record(upstream, response.getStatusCode(), System.nanoTime() - started);
        }
        return ctx.sendResponse();
    }

    static void stripHopByHop(MultiMap headers) {
        if (headers.contains("connection")) {
            for (String connection : headers.getAll("connection")) {
                for (String token : connection.split(",")) {
                    String name = token.trim().toLowerCase(Locale.ROOT);
                    if (!name.isEmpty()) {
                        headers.remove(name);
                    }
                }
            }
        }
        for (String name : HOP_BY_HOP) {
            if (!name.equals("transfer-encoding")) {
                headers.remove(name);
            }
        }
    }
}
