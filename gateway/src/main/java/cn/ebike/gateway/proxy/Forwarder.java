package cn.ebike.gateway.proxy;

import cn.ebike.common.problem.FieldError;
import cn.ebike.common.problem.Problem;
import cn.ebike.common.problem.ProblemType;
import io.netty.handler.codec.DateFormatter;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.Pipe;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Forwards one service's requests from one event loop: a plain pass-through on the loop's own pooled
 * client (issue 15; it replaced Vert.x HttpProxy, whose per-exchange request/response copies, pipes and
 * futures were most of the gateway's own CPU). What it does to an exchange: hop-by-hop headers out both
 * ways (including those a Connection header names), X-Forwarded-Proto/Host in (X-Forwarded-For and
 * X-Request-Id were set on the incoming request by {@link ApiEdgeFilter}), the service's X-Request-Id
 * out (the gateway's own is already on the response), the body limit enforced while streaming (413),
 * and a problem+json 503 when the service cannot be reached or does not answer (the client's idle
 * timeout bounds a silent service, with no timer per request).
 *
 * <p>Bodies whose length is declared and at most {@link #WHOLE_BODY_BYTES} — every JSON call — are
 * read whole before a pooled connection is taken and sent with the head in one write, both ways, as
 * nginx buffers them; larger or unknown-length bodies (imports, exports) stream with flow control.
 */
final class Forwarder {

    private static final Logger LOG = Logger.getLogger(Forwarder.class);

    /** RFC 9110 §7.6.1 plus the legacy ones still seen in the wild. */
    static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");
    private static final Set<String> HOP_BY_HOP_SET = Set.copyOf(HOP_BY_HOP);

    /** Bodies with a declared length up to this are read whole and written with the head in one go. */
    static final int WHOLE_BODY_BYTES = 64 * 1024;

    private final Upstream upstream;
    private final HttpClient client;
    private final String host;
    private final int port;
    private final long maxBodyBytes;
    private final long maxImportBodyBytes;
    private final ProxyMetrics metrics;

    Forwarder(Upstream upstream, HttpClient client, String host, int port, long maxBodyBytes,
            long maxImportBodyBytes, ProxyMetrics metrics) {
        this.upstream = upstream;
        this.client = client;
        this.host = host;
        this.port = port;
        this.maxBodyBytes = maxBodyBytes;
        this.maxImportBodyBytes = maxImportBodyBytes;
        this.metrics = metrics;
    }

    void forward(HttpServerRequest in) {
        Exchange exchange = new Exchange(in, System.nanoTime());
        MultiMap inHeaders = in.headers();
        String transferEncoding = inHeaders.get(HttpHeaders.TRANSFER_ENCODING);
        boolean chunked = transferEncoding != null;
        if (chunked && !"chunked".equalsIgnoreCase(transferEncoding.trim())) {
            exchange.answer(Problem.of(ProblemType.INVALID_INPUT, "Only the chunked transfer coding is accepted.",
                    List.of(new FieldError("Transfer-Encoding", "must be chunked"))));
            return;
        }
        long length = declaredLength(inHeaders);
        RequestOptions options = new RequestOptions().setHost(host).setPort(port)
                .setMethod(in.method()).setURI(in.uri()).setHeaders(forwardedHeaders(in));

        boolean noBody = length == 0 || (length < 0 && !chunked && in.version() != HttpVersion.HTTP_2);
        if (noBody) {
            client.request(options).onComplete(ar -> {
                if (ar.failed()) {
                    exchange.unavailable(ar.cause());
                } else {
                    exchange.send(ar.result(), null);
                }
            });
            in.resume(); // a request the rate limit paused still has its end to deliver
        } else if (length > 0 && length <= WHOLE_BODY_BYTES) {
            // read first, then take a pooled connection (as nginx buffers): a client trickling its body holds
            // no connection to the service while it does (the read timeout answers it); a body that came with
            // its headers — nearly every JSON call — is complete at once
            in.body().onComplete(read -> {
                if (read.failed()) {
                    return; // the caller went away or was timed out: nothing was sent to the service
                }
                Buffer body = read.result();
                client.request(options).onComplete(ar -> {
                    if (ar.failed()) {
                        exchange.unavailable(ar.cause());
                    } else {
                        exchange.send(ar.result(), body);
                    }
                });
            });
            in.resume(); // the rate limit may have paused it while Redis answered
        } else {
            LimitedBody limited = new LimitedBody(in, bodyLimit(in));
            Pipe<Buffer> pipe = limited.pipe(); // pauses the request until the service's connection is there
            pipe.endOnFailure(false);
            client.request(options).onComplete(ar -> {
                if (ar.failed()) {
                    pipe.close();
                    exchange.unavailable(ar.cause());
                    return;
                }
                HttpClientRequest out = ar.result();
                if (length >= 0) {
                    out.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
                } else {
                    out.setChunked(true);
                }
                exchange.expectAnswer(out);
                pipe.to(out, piped -> {
                    if (piped.failed()) {
                        if (limited.overflowed()) {
                            exchange.tooLarge(bodyLimit(in)); // answered first: the reset below fails the response
                        }
                        out.exceptionHandler(QUIET); // the pipe took its own handler off the request
                        out.reset();
                    }
                });
            });
        }
    }

    private static final io.vertx.core.Handler<Throwable> QUIET =
            failure -> LOG.debugf("request to a service ended: %s", failure.toString());

    private record DateText(long second, String text) {
    }

    private static volatile DateText date = new DateText(-1, "");

    /** Now as an HTTP date (IMF-fixdate), formatted once a second rather than once an answer. */
    static String httpDate() {
        long now = System.currentTimeMillis();
        DateText d = date;
        if (d.second() != now / 1000) {
            d = new DateText(now / 1000, DateFormatter.format(new Date(now / 1000 * 1000)));
            date = d;
        }
        return d.text();
    }

    private long bodyLimit(HttpServerRequest request) {
        return ApiEdgeFilter.isImport(request.method(), request.path()) ? maxImportBodyBytes : maxBodyBytes;
    }

    private static long declaredLength(MultiMap headers) {
        String declared = headers.get(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The incoming headers less the hop-by-hop ones and Host (the client sets the service's), plus X-Forwarded-*. */
    private static MultiMap forwardedHeaders(HttpServerRequest in) {
        MultiMap source = in.headers();
        MultiMap headers = HttpHeaders.headers();
        List<String> named = connectionNamed(source);
        for (Map.Entry<String, String> header : source) {
            String name = header.getKey();
            if (!isHopByHop(name, named) && !name.equalsIgnoreCase("host")) {
                headers.add(name, header.getValue());
            }
        }
        headers.set("X-Forwarded-Proto", in.scheme() == null ? "http" : in.scheme());
        String hostHeader = source.get(HttpHeaders.HOST);
        if (hostHeader == null && in.authority() != null) {
            hostHeader = in.authority().toString(); // HTTP/2 carries it as :authority
        }
        if (hostHeader != null) {
            headers.set("X-Forwarded-Host", hostHeader);
        } else {
            headers.remove("X-Forwarded-Host");
        }
        return headers;
    }

    /** The header names a Connection header lists (lower case); usually none. */
    private static List<String> connectionNamed(MultiMap headers) {
        if (!headers.contains(HttpHeaders.CONNECTION)) {
            return List.of();
        }
        List<String> named = new java.util.ArrayList<>();
        for (String connection : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String token : connection.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    named.add(name);
                }
            }
        }
        return named;
    }

    private static boolean isHopByHop(String name, List<String> named) {
        String lower = name.toLowerCase(Locale.ROOT);
        return HOP_BY_HOP_SET.contains(lower) || (!named.isEmpty() && named.contains(lower));
    }

    /** One request and its answer; answers at most once. */
    private final class Exchange {
        private final HttpServerRequest in;
        private final long started;
        private boolean answered;

        Exchange(HttpServerRequest in, long started) {
            this.in = in;
            this.started = started;
        }

        void send(HttpClientRequest out, Buffer body) {
            expectAnswer(out);
            if (body == null) {
                out.end();
            } else {
                out.end(body);
            }
        }

        void expectAnswer(HttpClientRequest out) {
            // failures reach the caller through the answer's future (503) or the pipe (413); a reset we make
            // ourselves is not worth Vert.x's ERROR line
            out.exceptionHandler(QUIET);
            // a caller that goes away before its answer is complete ends the exchange with the service too
            in.response().exceptionHandler(gone -> out.reset());
            out.response().onComplete(ar -> {
                if (ar.failed()) {
                    unavailable(ar.cause());
                } else {
                    relay(ar.result());
                }
            });
        }

        private void relay(HttpClientResponse answer) {
            if (answered) {
                answer.request().reset(); // e.g. already refused with 413 while the service still read
                return;
            }
            answered = true;
            HttpServerResponse response = in.response();
            int status = answer.statusCode();
            response.setStatusCode(status);
            MultiMap source = answer.headers();
            List<String> named = connectionNamed(source);
            MultiMap target = response.headers();
            for (Map.Entry<String, String> header : source) {
                String name = header.getKey();
                if (!isHopByHop(name, named) && !name.equalsIgnoreCase(ApiEdgeFilter.REQUEST_ID)) {
                    target.add(name, header.getValue());
                }
            }
            if (!source.contains(HttpHeaders.DATE)) {
                target.set(HttpHeaders.DATE, httpDate()); // RFC 9110 §6.6.1: the time the answer was received
            }
            metrics.record(upstream, status, System.nanoTime() - started);
            long length = declaredLength(source);
            if (in.method() == HttpMethod.HEAD || status == 204 || status == 304 || length == 0) {
                response.end();
                answer.resume(); // nothing (more) to read; frees the connection for the pool
            } else if (length > 0 && length <= WHOLE_BODY_BYTES) {
                answer.body().onComplete(read -> {
                    if (read.succeeded()) {
                        response.end(read.result());
                    } else {
                        response.reset();
                    }
                });
            } else {
                if (length < 0) {
                    response.setChunked(true);
                }
                Pipe<Buffer> pipe = answer.pipe();
                pipe.endOnFailure(false);
                pipe.to(response, piped -> {
                    if (piped.failed()) {
                        answer.request().exceptionHandler(QUIET).reset();
                        response.reset();
                    }
                });
            }
        }

        void unavailable(Throwable failure) {
            if (answered) {
                return;
            }
            LOG.warnf("%s %s → %s failed: %s", in.method(), in.path(), upstream.serviceName(), failure.toString());
            answer(Responses.unavailable(upstream.serviceName()));
        }

        void tooLarge(long limit) {
            if (answered) {
                return;
            }
            boolean http1 = in.version() != HttpVersion.HTTP_2;
            if (!in.isEnded()) {
                // the rest of the body is read and dropped, then (HTTP/1.x) the connection is closed
                try {
                    in.handler(b -> { });
                    if (http1) {
                        in.endHandler(v -> in.connection().close());
                    }
                    in.resume();
                } catch (IllegalStateException endedMeanwhile) {
                    // the last bytes arrived in the meantime: nothing left to drain
                }
            }
            if (http1) {
                in.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
            answer(Responses.tooLarge(limit));
        }

        void answer(Problem problem) {
            answered = true;
            metrics.record(upstream, problem.status(), System.nanoTime() - started);
            Responses.send(in, problem);
        }
    }
}
