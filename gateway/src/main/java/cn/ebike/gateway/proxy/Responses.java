package cn.ebike.gateway.proxy;

import cn.ebike.common.problem.Problem;
import cn.ebike.common.problem.ProblemType;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** problem+json answers written straight on the router (no JAX-RS there). */
final class Responses {

    private Responses() {
    }

    static Problem unauthorized() {
        return Problem.of(ProblemType.UNAUTHORIZED, "A valid bearer token is required.");
    }

    static Problem tooLarge(long limit) {
        return Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "The request body is larger than " + limit + " bytes.");
    }

    static Problem tooMany() {
        return Problem.of(ProblemType.RATE_LIMITED, "Rate limit exceeded; retry later.");
    }

    static Problem unavailable(String service) {
        return Problem.of(ProblemType.SERVICE_UNAVAILABLE,
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
