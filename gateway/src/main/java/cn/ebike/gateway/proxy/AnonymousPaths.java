package cn.ebike.gateway.proxy;

import io.vertx.core.http.HttpMethod;

/** The API calls that need no token (health lives under /q and never reaches the API filter). */
public final class AnonymousPaths {

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
                    || path.equals("/api/docs") || path.startsWith("/api/docs/");
        }
        return false;
    }
}
