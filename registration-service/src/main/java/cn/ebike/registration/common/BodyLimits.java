package cn.ebike.registration.common;

import cn.ebike.registration.RegistrationConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Refuses oversized bodies before anything reads them: 1 MiB for JSON, 64 MiB for the CSV import,
 * judged on {@code Content-Length}. Bodies sent without a length (chunked) are counted while they
 * are read ({@link JsonBodyLimit} for JSON, the importer for CSV).
 */
@ApplicationScoped
public class BodyLimits {

    public static final String IMPORT_PATH = "/api/vehicles/import";

    // looked up per request: the filter is registered before the runtime configuration is ready
    @Inject
    Instance<RegistrationConfig> config;

    @Inject
    ObjectMapper objectMapper;

    void register(@Observes Filters filters) {
        filters.register(this::check, 1000);
    }

    public long limitFor(String path) {
        RegistrationConfig.Limits limits = config.get().limits();
        return IMPORT_PATH.equals(path) ? limits.importBodyBytes() : limits.jsonBodyBytes();
    }

    private void check(RoutingContext rc) {
        HttpMethod method = rc.request().method();
        String length = rc.request().getHeader("Content-Length");
        if (length != null && (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH)) {
            long limit = limitFor(rc.normalizedPath());
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > limit) {
                String body;
                try {
                    body = objectMapper.writeValueAsString(ApiException.payloadTooLarge(limit).toProblem());
                } catch (JsonProcessingException e) {
                    body = "{\"status\":413}";
                }
                rc.response().setStatusCode(413)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(body);
                return;
            }
        }
        rc.next();
    }
}
