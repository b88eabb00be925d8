package cn.ebike.common.http;

import cn.ebike.common.problem.ApiException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Request bodies have limits, refused with a problem+json 413 before anything reads them: JSON bodies
 * {@code ebike.limits.json-body-bytes} (1 MiB), uploads to {@code ebike.limits.upload-paths} (e.g. the
 * CSV import) {@code ebike.limits.upload-body-bytes} (64 MiB). A declared {@code Content-Length} is judged
 * here; a body sent without one (chunked) is counted while it is read ({@link JsonBodyLimit} for JSON; an
 * upload endpoint wraps its stream in {@link LimitedInputStream}). {@code ebike.limits.enabled=false}
 * turns the check off (the gateway, whose router counts streamed bodies itself).
 */
@ApplicationScoped
public class BodyLimits {

    private volatile Settings settings;

    record Settings(boolean enabled, long jsonBodyBytes, long uploadBodyBytes, Set<String> uploadPaths) {
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, 1000);
    }

    /** The limit for a body sent to {@code path}. */
    public long limitFor(String path) {
        Settings s = settings();
        return s.uploadPaths().contains(path) ? s.uploadBodyBytes() : s.jsonBodyBytes();
    }

    public long jsonBodyBytes() {
        return settings().jsonBodyBytes();
    }

    boolean enabled() {
        return settings().enabled();
    }

    // read at the first request: filters are registered before the runtime configuration is complete
    private Settings settings() {
        Settings s = settings;
        if (s == null) {
            var config = ConfigProvider.getConfig();
            s = new Settings(
                    config.getOptionalValue("ebike.limits.enabled", Boolean.class).orElse(true),
                    config.getOptionalValue("ebike.limits.json-body-bytes", Long.class).orElse(1L << 20),
                    config.getOptionalValue("ebike.limits.upload-body-bytes", Long.class).orElse(64L << 20),
                    config.getOptionalValue("ebike.limits.upload-paths", String.class)
                            .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                                    .collect(Collectors.toUnmodifiableSet()))
                            .orElse(Set.of()));
            settings = s;
        }
        return s;
    }

    private void check(RoutingContext rc) {
        HttpMethod method = rc.request().method();
        String length = rc.request().getHeader("Content-Length");
        if (length != null && enabled()
                && (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH)) {
            long limit = limitFor(rc.normalizedPath());
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > limit) {
                rc.response().setStatusCode(413)
                        .putHeader("Content-Type", cn.ebike.common.problem.Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(ApiException.payloadTooLarge(limit).toProblem().toJson());
                return;
            }
        }
        rc.next();
    }
}
