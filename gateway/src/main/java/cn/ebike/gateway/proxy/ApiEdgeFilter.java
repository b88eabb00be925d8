package cn.ebike.gateway.proxy;

import cn.ebike.common.problem.FieldError;
import cn.ebike.common.problem.Problem;
import cn.ebike.common.problem.ProblemType;
import cn.ebike.gateway.config.GatewayConfig;
import cn.ebike.gateway.token.TokenVerifier;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Runs in front of every /api route, proxied or served here: request id, path sanity, declared body
 * size, JWT verification (401 before any service is touched) and the Redis rate limit. The request
 * is paused while the rate limit is checked so no body byte is lost or read early.
 */
@Singleton
public class ApiEdgeFilter {

    private static final Logger LOG = Logger.getLogger(ApiEdgeFilter.class);

    public static final String REQUEST_ID = "X-Request-Id";

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final String IMPORT_PATH = "/api/vehicles/import";

    private final TokenVerifier verifier;
    private final RateLimiter rateLimiter;
    private final GatewayConfig config;
    private volatile long lastRedisWarning;
    private final ClientAddress clients;

    public ApiEdgeFilter(TokenVerifier verifier, RateLimiter rateLimiter, GatewayConfig config) {
        this.verifier = verifier;
        this.rateLimiter = rateLimiter;
        this.config = config;
        this.clients = new ClientAddress(config.proxy().trustedProxies().orElse(List.of()));
    }

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String requestId = request.getHeader(REQUEST_ID);
        if (requestId == null || !SAFE_REQUEST_ID.matcher(requestId).matches()) {
            requestId = RequestIds.next();
        }
        request.response().putHeader(REQUEST_ID, requestId);
        String client = clients.of(request);
        // what the services are told (ForwardingInterceptor copies it); a caller's own claim never passes
        request.headers().set(X_FORWARDED_FOR, client);

        String path = request.path();
        // "/api/plates/verify/../../vehicles" must not be judged as one path and served as another
        if (path == null || !path.equals(ctx.normalizedPath()) || path.indexOf('\\') >= 0) {
            Responses.send(ctx, Problem.of(ProblemType.INVALID_INPUT,
                    "The path must be in normal form.", List.of(new FieldError("path", "must be in normal form"))));
            return;
        }

        long limit = bodyLimit(request.method(), path);
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = Long.MAX_VALUE;
            }
            if (length > limit) {
                request.response().putHeader(HttpHeaders.CONNECTION, "close");
                Responses.send(ctx, Responses.tooLarge(limit));
                return;
            }
        }

        if (AnonymousPaths.matches(request.method(), path)) {
            limitThen(ctx, "ip:" + client, config.rateLimit().anonymousPerWindow(), ctx::next);
            return;
        }
        String subject = subjectOf(verify(request.getHeader(HttpHeaders.AUTHORIZATION)));
        if (subject == null) {
            // refusals count against the address's anonymous budget, so bad tokens cannot be sprayed freely
            limitThen(ctx, "ip:" + client, config.rateLimit().anonymousPerWindow(),
                    () -> Responses.send(ctx, Responses.unauthorized()));
            return;
        }
        limitThen(ctx, "sub:" + subject, config.rateLimit().subjectPerWindow(), ctx::next);
    }

    private static String subjectOf(JwtClaims claims) {
        try {
            return claims == null ? null : claims.getSubject();
        } catch (MalformedClaimException e) {
            return null;
        }
    }

    /** Counts the call in the bucket; over the limit answers 429, otherwise runs {@code pass}. */
    private void limitThen(RoutingContext ctx, String bucket, long perWindow, Runnable pass) {
        HttpServerRequest request = ctx.request();
        if (!config.rateLimit().enabled()) {
            pass.run();
            return;
        }
        if (Upstream.forPath(request.path()) != null) {
            // explicit: bytes that arrive while Redis answers stay in the connection's buffer; the
            // proxy's pipe resumes the request (Quarkus keeps its own endpoints' requests paused)
            request.pause();
        }
        Context context = Vertx.currentContext();
        // a Redis that does not answer must not hold requests: after the timeout the call passes
        Promise<Long> checked = Promise.promise();
        long timer = ctx.vertx().setTimer(config.rateLimit().redisTimeout().toMillis(),
                id -> checked.tryFail(new java.util.concurrent.TimeoutException("no answer from Redis")));
        rateLimiter.acquire(bucket, perWindow, config.rateLimit().window()).onComplete(result -> {
            ctx.vertx().cancelTimer(timer);
            if (result.succeeded()) {
                checked.tryComplete(result.result());
            } else {
                checked.tryFail(result.cause());
            }
        });
        checked.future().onComplete(ar -> {
            Runnable next = () -> {
                if (ar.failed()) {
                    warnRedis(ar.cause());
                    pass.run(); // fail open: a Redis outage must not take the whole API down
                } else if (ar.result() > 0) {
                    request.response().putHeader("Retry-After", Long.toString((ar.result() + 999) / 1000));
                    Responses.send(ctx, Responses.tooMany());
                } else {
                    pass.run();
                }
            };
            if (context == null || Vertx.currentContext() == context) {
                next.run();
            } else {
                context.runOnContext(v -> next.run());
            }
        });
    }

    private JwtClaims verify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        try {
            return verifier.verify(authorization.substring(7).trim());
        } catch (TokenVerifier.InvalidTokenException e) {
            LOG.debugf("token refused: %s", e.getMessage());
            return null;
        }
    }

    static boolean isImport(HttpMethod method, String path) {
        return HttpMethod.POST.equals(method) && IMPORT_PATH.equals(path);
    }

    long bodyLimit(HttpMethod method, String path) {
        if (isImport(method, path)) {
            return config.proxy().maxImportBodyBytes();
        }
        return config.proxy().maxBodyBytes();
    }

    private void warnRedis(Throwable cause) {
        long now = System.currentTimeMillis();
        if (now - lastRedisWarning > 10_000) {
            lastRedisWarning = now;
            LOG.warnf("rate limit not checked, Redis unavailable: %s", cause.toString());
        }
    }
}
