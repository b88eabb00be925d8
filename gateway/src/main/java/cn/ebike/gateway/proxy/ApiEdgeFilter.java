package cn.ebike.gateway.proxy;

import cn.ebike.common.problem.FieldError;
import cn.ebike.common.problem.Problem;
import cn.ebike.common.problem.ProblemType;
import cn.ebike.gateway.config.GatewayConfig;
import cn.ebike.gateway.token.TokenVerifier;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Runs in front of every /api route, proxied or served here: request id, path sanity, declared body
 * size, JWT verification (401 before any service is touched, each token verified once and then
 * cached) and the rate limit (local permits leased from Redis in batches). Headers are set once, on the
 * incoming request, which the proxy copies. A request is paused only when its rate limit has to wait
 * for Redis, so no body byte is lost or read early.
 */
@Singleton
public class ApiEdgeFilter {

    private static final Logger LOG = Logger.getLogger(ApiEdgeFilter.class);

    public static final String REQUEST_ID = "X-Request-Id";

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final String IMPORT_PATH = "/api/vehicles/import";
    /** The same upload as an import job with progress (registration's ImportJobs). */
    static final String IMPORT_JOBS_PATH = "/api/vehicles/imports";

    private final TokenVerifier verifier;
    private final RateLimiter rateLimiter;
    private final GatewayConfig config;
    private final ClientAddress clients;

    public ApiEdgeFilter(TokenVerifier verifier, RateLimiter rateLimiter, GatewayConfig config) {
        this.verifier = verifier;
        this.rateLimiter = rateLimiter;
        this.config = config;
        this.clients = new ClientAddress(config.proxy().trustedProxies().orElse(List.of()));
    }

    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String LOGIN_PATH = "/api/auth/login";

    static final String DOCS = "/api/docs";

    public void handle(RoutingContext ctx) {
        String raw = ctx.request().path();
        if (raw != null && raw.startsWith(DOCS)) {
            ctx.next(); // judged already by handleDocs, in front of Swagger UI
            return;
        }
        judge(ctx);
    }

    /** The same checks for Swagger UI's paths, on a route in front of the extension's own. */
    public void handleDocs(RoutingContext ctx) {
        judge(ctx);
    }

    private void judge(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        MultiMap headers = request.headers();
        String requestId = headers.get(REQUEST_ID);
        if (requestId == null || !SAFE_REQUEST_ID.matcher(requestId).matches()) {
            requestId = RequestIds.next();
            headers.set(REQUEST_ID, requestId); // what the service sees: the proxy copies the request's headers
        }
        request.response().putHeader(REQUEST_ID, requestId);
        String client = clients.of(request);
        // what the services are told; a caller's own claim never passes
        headers.set(X_FORWARDED_FOR, client);

        String path = request.path();
        // "/api/plates/verify/../../vehicles" must not be judged as one path and served as another
        if (path == null || !path.equals(ctx.normalizedPath()) || path.indexOf('\\') >= 0) {
            Responses.send(ctx, Problem.of(ProblemType.INVALID_INPUT,
                    "The path must be in normal form.", List.of(new FieldError("path", "must be in normal form"))));
            return;
        }

        long limit = bodyLimit(request.method(), path);
        String declared = headers.get(HttpHeaders.CONTENT_LENGTH);
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
            if (HttpMethod.POST.equals(request.method()) && LOGIN_PATH.equals(path)) {
                // a password login costs a bcrypt hash: its own, tighter budget per address (issue 12, item 8)
                limitThen(ctx, "login-ip:" + client, config.login().perAddressPerWindow(),
                        () -> limitThen(ctx, "ip:" + client, config.rateLimit().anonymousPerWindow(), ctx::next));
                return;
            }
            limitThen(ctx, "ip:" + client, config.rateLimit().anonymousPerWindow(), ctx::next);
            return;
        }
        TokenVerifier.VerifiedToken token = verify(headers.get(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            // refusals count against the address's anonymous budget, so bad tokens cannot be sprayed freely
            limitThen(ctx, "ip:" + client, config.rateLimit().anonymousPerWindow(),
                    () -> Responses.send(ctx, Responses.unauthorized()));
            return;
        }
        if (token.rateLimitPerMinute() != null) {
            // a dealer API client carries its own limit, set when its token was issued
            limitThen(ctx, "client:" + token.subject(), perWindow(token.rateLimitPerMinute()), ctx::next);
            return;
        }
        limitThen(ctx, "sub:" + token.subject(), config.rateLimit().subjectPerWindow(), ctx::next);
    }

    /** A per-minute limit in the configured window. */
    private long perWindow(long perMinute) {
        return Math.max(1, perMinute * config.rateLimit().window().toMillis() / 60_000);
    }

    /**
     * Counts the call in the bucket; over the limit answers 429, otherwise runs {@code pass}. Decided
     * locally almost always (see {@link RateLimiter}); only when the bucket has no permit left does the
     * request wait, paused, for Redis.
     */
    private void limitThen(RoutingContext ctx, String bucket, long perWindow, Runnable pass) {
        if (!config.rateLimit().enabled()) {
            pass.run();
            return;
        }
        HttpServerRequest request = ctx.request();
        long decided = rateLimiter.acquire(bucket, perWindow, result -> {
            if (result == 0) {
                pass.run();
            } else {
                tooMany(ctx, result);
            }
        });
        if (decided == 0) {
            pass.run();
        } else if (decided > 0) {
            tooMany(ctx, decided);
        } else if (Upstream.forPath(request.path()) != null) {
            // bytes that arrive while Redis answers stay in the connection's buffer; the proxy's pipe
            // resumes the request (Quarkus keeps its own endpoints' requests paused until it reads them)
            request.pause();
        }
    }

    private static void tooMany(RoutingContext ctx, long waitMs) {
        ctx.request().response().putHeader("Retry-After", Long.toString((waitMs + 999) / 1000));
        Responses.send(ctx, Responses.tooMany());
    }

    private TokenVerifier.VerifiedToken verify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        try {
            return verifier.check(authorization.substring(7).trim());
        } catch (TokenVerifier.InvalidTokenException e) {
            LOG.debugf("token refused: %s", e.getMessage());
            return null;
        }
    }

    static boolean isImport(HttpMethod method, String path) {
        return HttpMethod.POST.equals(method) && (IMPORT_PATH.equals(path) || IMPORT_JOBS_PATH.equals(path));
    }

    long bodyLimit(HttpMethod method, String path) {
        if (isImport(method, path)) {
            return config.proxy().maxImportBodyBytes();
        }
        return config.proxy().maxBodyBytes();
    }
}
