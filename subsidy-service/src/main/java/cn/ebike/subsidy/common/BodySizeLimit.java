package cn.ebike.subsidy.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * JSON bodies are limited to 1 MiB with a problem+json 413. (The HTTP layer's hard limit,
 * {@code quarkus.http.limits.max-body-size}, is set a little higher and stops anything larger.)
 */
@Provider
@PreMatching
public class BodySizeLimit implements ContainerRequestFilter {

    public static final long MAX_JSON_BYTES = 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext ctx) {
        String length = ctx.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return;
        }
        try {
            if (Long.parseLong(length.trim()) > MAX_JSON_BYTES) {
                ctx.abortWith(ProblemMappers.respond(Problem.of(413, "payload-too-large", "Payload Too Large",
                        "Request bodies are limited to 1 MiB", null)));
            }
        } catch (NumberFormatException e) {
            // a malformed Content-Length is refused by the HTTP layer itself
        }
    }
}
