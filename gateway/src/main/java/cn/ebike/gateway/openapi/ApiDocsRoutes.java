package cn.ebike.gateway.openapi;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code GET /api/openapi.json} and {@code /api/openapi.yaml}: the merged document, anonymous and
 * rate-limited like every anonymous path (ApiEdgeFilter runs first). Swagger UI at {@code /api/docs/}
 * is Quarkus' swagger-ui extension pointed at this document (application.properties).
 */
@ApplicationScoped
public class ApiDocsRoutes {

    /** After the API filter (100), before the proxies' 404 (30,000). */
    static final int ORDER = 105;

    void install(@Observes Router router, ApiDocument document) {
        router.get("/api/openapi.json").order(ORDER).handler(ctx -> send(ctx, document.current().json(),
                "application/json", document.current()));
        router.get("/api/openapi.yaml").order(ORDER).handler(ctx -> send(ctx, document.current().yaml(),
                "application/yaml", document.current()));
    }

    private static void send(RoutingContext ctx, byte[] body, String type, ApiDocument.Served served) {
        var response = ctx.response().putHeader("Content-Type", type + "; charset=UTF-8")
                .putHeader("Cache-Control", "no-cache");
        if (!served.missing().isEmpty()) {
            // also said in the document (info.x-ebike-missing); a header lets scripts notice without parsing
            response.putHeader("X-Api-Document-Incomplete", String.join(",", served.missing()));
        }
        response.end(Buffer.buffer(body));
    }
}
