package cn.ebike.common.http;

import cn.ebike.common.problem.Problem;
import cn.ebike.common.problem.ProblemType;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A client that does not send its request body in time gets a problem+json 408 {@code request-timeout} and its
 * connection closed, in the gateway and in every service (issue 12, item 9: slow clients).
 * <ul>
 * <li>A JSON body must be complete within {@code ebike.http.read-timeout} ({@code HTTP_READ_TIMEOUT}, 10 s) of the
 * request's headers.</li>
 * <li>An upload to one of {@code ebike.limits.upload-paths} (the filing import, up to 64 MiB, read while it is
 * imported) may take up to {@code ebike.http.upload-read-timeout} ({@code HTTP_UPLOAD_READ_TIMEOUT}, 10 min) in all,
 * as long as it keeps moving: no new byte for {@code ebike.http.read-timeout} is a 408 too.</li>
 * </ul>
 * Headers that never finish never reach a router: Quarkus' {@code quarkus.http.idle-timeout}
 * ({@code HTTP_IDLE_TIMEOUT}, set in each application.properties) closes a connection on which nothing moved for that
 * long. One timer per request that has a body still to come, cancelled when the response ends; requests whose body
 * is already in cost nothing. {@code ebike.http.read-timeout-enabled=false} turns it off.
 * <p>
 * "Received" means read by the server: a body the server itself leaves unread while it waits (the gateway pauses
 * a request while Redis answers its rate limit and until the proxy has a backend connection) counts as late too,
 * so the read timeout must stay well above those waits (Redis 3 s, backend connect 2 s).
 */
@ApplicationScoped
public class ReadTimeouts {

    private volatile Settings settings;

    record Settings(boolean enabled, long readMillis, long uploadMillis, Set<String> uploadPaths) {
    }

    void register(@Observes Filters filters) {
        // before BodyLimits (1000): every request, also one refused for its size, is watched
        filters.register(this::watch, 1100);
    }

    // read at the first request: filters are registered before the runtime configuration is complete
    Settings settings() {
        Settings s = settings;
        if (s == null) {
            var config = ConfigProvider.getConfig();
            s = new Settings(
                    config.getOptionalValue("ebike.http.read-timeout-enabled", Boolean.class).orElse(true),
                    config.getOptionalValue("ebike.http.read-timeout", Duration.class)
                            .orElse(Duration.ofSeconds(10)).toMillis(),
                    config.getOptionalValue("ebike.http.upload-read-timeout", Duration.class)
                            .orElse(Duration.ofMinutes(10)).toMillis(),
                    config.getOptionalValue("ebike.limits.upload-paths", String.class)
                            .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                                    .collect(Collectors.toUnmodifiableSet()))
                            .orElse(Set.of()));
            settings = s;
        }
        return s;
    }

    private void watch(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Settings s = settings();
        if (s.enabled() && !bodyIn(request)) {
            boolean upload = s.uploadPaths().contains(rc.normalizedPath());
            Watch watch = new Watch(rc, rc.vertx(), s.readMillis(),
                    upload ? System.nanoTime() / 1_000_000 + s.uploadMillis() : -1);
            watch.arm(s.readMillis());
            rc.addEndHandler(done -> watch.cancel());
        }
        rc.next();
    }

    /**
     * Whether the request's body is all in. Not only {@code isEnded()}: an endpoint that has read its whole JSON body
     * may leave the request paused before the end of the request is delivered, so a request whose declared
     * {@code Content-Length} has been read is in too (without this, a claim that waits 10 s for the quota was
     * answered 408 although its body had long arrived). A request with neither a length nor chunked encoding has no
     * body.
     */
    static boolean bodyIn(HttpServerRequest request) {
        if (request.isEnded()) {
            return true;
        }
        String length = request.getHeader("Content-Length");
        if (length != null) {
            try {
                return request.bytesRead() >= Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        String encoding = request.getHeader("Transfer-Encoding");
        return encoding == null || !encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }

    /** The timer of one request whose body has not been read yet. */
    private static final class Watch {
        private final RoutingContext rc;
        private final Vertx vertx;
        private final long readMillis;
        /** the absolute deadline (ms, monotonic) of an upload that keeps moving; -1 for a JSON body */
        private final long uploadDeadline;
        private long timer = -1;
        private long lastBytes;
        private boolean cancelled;

        Watch(RoutingContext rc, Vertx vertx, long readMillis, long uploadDeadline) {
            this.rc = rc;
            this.vertx = vertx;
            this.readMillis = readMillis;
            this.uploadDeadline = uploadDeadline;
        }

        synchronized void arm(long delay) {
            if (!cancelled) {
                timer = vertx.setTimer(Math.max(1, delay), id -> fire());
            }
        }

        synchronized void cancel() {
            cancelled = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }

        private void fire() {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
            }
            HttpServerRequest request = rc.request();
            if (bodyIn(request) || rc.response().ended()) {
                return;
            }
            if (uploadDeadline >= 0) {
                long now = System.nanoTime() / 1_000_000;
                long bytes = request.bytesRead();
                if (bytes > lastBytes && now < uploadDeadline) {
                    // still moving: look again after another read timeout, never beyond the upload's deadline
                    lastBytes = bytes;
                    arm(Math.min(readMillis, uploadDeadline - now));
                    return;
                }
            }
            timeOut();
        }

        private void timeOut() {
            HttpServerResponse response = rc.response();
            if (response.headWritten()) {
                request().connection().close();
                return;
            }
            String body = Problem.of(ProblemType.REQUEST_TIMEOUT,
                    "The request body was not received in time.").toJson();
            response.setStatusCode(ProblemType.REQUEST_TIMEOUT.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(body)
                    .onComplete(done -> request().connection().close());
        }

        private HttpServerRequest request() {
            return rc.request();
        }
    }
}
