package cn.ebike.tradein.common;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers 413 as problem+json before a declared oversized body is read. Vert.x's own limit
 * ({@code quarkus.http.limits.max-body-size}) still guards chunked bodies that declare no length.
 */
@ApplicationScoped
public class BodySizeLimit {

    static final long MAX_JSON_BODY = 1024 * 1024;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLarge(length)) {
                rc.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"type\":\"" + Problem.TYPE_BASE + "payload-too-large\",\"title\":\"Content Too Large\","
                                + "\"status\":413,\"detail\":\"the request body is larger than 1 MiB\",\"errors\":[]}");
                return;
            }
            rc.next();
        });
    }

    private static boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_JSON_BODY;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
