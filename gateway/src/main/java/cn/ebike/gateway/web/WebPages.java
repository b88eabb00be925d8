package cn.ebike.gateway.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The web pages the gateway serves (built by Quinoa from {@code src/main/webui}: {@code /m/} owners' app,
 * {@code /v/} public plate check and {@code /v/dealer/<id>} a shop's public credit card, {@code /console/}
 * regulators' console): security headers on every page and
 * file, cache rules, and {@code /m} → {@code /m/}. The API and {@code /q} are left alone.
 *
 * <p>The Content-Security-Policy is strict: scripts, styles and connections only from this origin, no inline
 * script, no eval, no frames; images also from {@code blob:} (the plate QR is fetched with the bearer token and
 * shown as a blob) and fonts from {@code data:} (Vant's icon font is embedded in its CSS).
 */
@ApplicationScoped
public class WebPages {

    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
            + "font-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    static final int ORDER = 50;
    private static final Set<String> ENTRY_PAGES = Set.of("/m", "/v", "/console");
    /** A shop's public credit card: one page ({@code v/dealer/index.html}) for every dealer id in the path. */
    private static final Pattern DEALER_CARD = Pattern.compile(
            "^/v/dealer/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/?$");
    static final String DEALER_CARD_PAGE = "/v/dealer/index.html";

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/q/") || path.equals("/q")) {
            ctx.next();
            return;
        }
        HttpMethod method = ctx.request().method();
        if ((HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && ENTRY_PAGES.contains(path)) {
            ctx.response().setStatusCode(301).putHeader("Location", path + "/").end();
            return;
        }
        if ((HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && DEALER_CARD.matcher(path).matches()) {
            // the printed QR carries /v/dealer/<id>: serve the card's page, which reads the id from the address
            ctx.reroute(DEALER_CARD_PAGE);
            return;
        }
        HttpServerResponse r = ctx.response();
        r.putHeader("Content-Security-Policy", CSP);
        r.putHeader("X-Content-Type-Options", "nosniff");
        r.putHeader("Referrer-Policy", "no-referrer");
        r.putHeader("X-Frame-Options", "DENY");
        r.putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        // content-hashed bundles never change; pages and the service worker are checked on every load
        r.putHeader("Cache-Control", path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        ctx.next();
    }
}
