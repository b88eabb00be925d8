package cn.ebike.gateway.proxy;

import io.vertx.core.http.HttpMethod;
import java.util.regex.Pattern;

/** The API calls that need no token (health lives under /q and never reaches the API filter). */
public final class AnonymousPaths {

    /** A dealer's public credit card (品质信用码, issue 14) and its QR: scanned by anyone from the card hung in the shop. */
    private static final Pattern DEALER_PUBLIC_CARD =
            Pattern.compile("^/api/dealers/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/public(/qr\\.svg)?$");

    private AnonymousPaths() {
    }

    public static boolean matches(HttpMethod method, String path) {
        if (HttpMethod.POST.equals(method)) {
            return switch (path) {
                case "/api/auth/login", "/api/auth/owner/code", "/api/auth/owner/login", "/api/auth/token",
                        "/api/auth/refresh", "/api/plates/verify" -> true;
                default -> false;
            };
        }
        if (HttpMethod.GET.equals(method)) {
            return path.equals("/api/auth/jwks") || path.equals("/api/plates/public-key")
                    // the public API document and Swagger UI
                    || path.equals("/api/openapi.json") || path.equals("/api/openapi.yaml")
                    || path.equals("/api/docs") || path.startsWith("/api/docs/")
                    || DEALER_PUBLIC_CARD.matcher(path).matches();
        }
        return false;
    }
}
