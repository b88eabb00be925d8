package cn.ebike.gateway.proxy;

import cn.ebike.gateway.common.Problem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** problem+json answers written straight on the router (no JAX-RS there). */
final class Responses {

    private Responses() {
    }

    static Problem unauthorized() {
        return Problem.of(401, "unauthorized", "Unauthorized", "A valid bearer token is required.");
    }

    static Problem tooLarge(long limit) {
        return Problem.of(413, "payload-too-large", "Payload too large",
                "The request body is larger than " + limit + " bytes.");
    }

    static Problem tooMany() {
        return Problem.of(429, "rate-limited", "Too many requests", "Rate limit exceeded; retry later.");
    }

    static Problem unavailable(String service) {
        return Problem.of(503, "service-unavailable", "Service unavailable",
                service + " is unavailable right now; try again shortly.");
    }

    static void send(RoutingContext ctx, Problem problem) {
        send(ctx.request(), problem);
    }

    static void send(HttpServerRequest request, Problem problem) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.end(problem.toJson());
        // let an unread request body drain instead of blocking the connection
        if (!request.isEnded()) {
            request.resume();
        }
    }
}
