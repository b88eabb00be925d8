package cn.ebike.gateway.session;

import cn.ebike.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * How a refresh token travels. Browsers: a cookie {@code ebike_rt} with {@code HttpOnly} (no script reads it),
 * {@code Secure}, {@code SameSite=Strict} (never sent by another site's page) and {@code Path=/api/auth} (sent only
 * to refresh and logout, not with every API call). Chromium treats http://localhost and 127.0.0.1 as secure
 * contexts, so a Secure cookie works in a local run without TLS. Native apps ({@code "client":"native"}): the
 * token in the body, kept in the app's own secure storage.
 */
@Singleton
public class SessionHttp {

    public static final String COOKIE = "ebike_rt";
    static final String PATH = "/api/auth";

    private final boolean secure;

    public SessionHttp(GatewayConfig config) {
        this.secure = config.sessions().secureCookie();
    }

    public static boolean isNative(String client) {
        return "native".equals(client);
    }

    /** 200 with the access token, and the refresh token in the cookie (browser) or the body (native). */
    public Response answer(TokenAnswer body, Sessions.Issued session, boolean nativeClient) {
        Response.ResponseBuilder b = Response.ok().type(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store").header("Pragma", "no-cache");
        if (nativeClient) {
            return b.entity(body.withRefreshToken(session.refreshToken())).build();
        }
        return b.entity(body).header("Set-Cookie", cookie(session.refreshToken(), session.lifetime().toSeconds())).build();
    }

    public String cookie(String value, long maxAgeSeconds) {
        return COOKIE + "=" + value + "; Path=" + PATH + "; Max-Age=" + Math.max(0, maxAgeSeconds) + "; HttpOnly"
                + (secure ? "; Secure" : "") + "; SameSite=Strict";
    }

    /** Removes the browser's refresh cookie. */
    public String clearCookie() {
        return cookie("", 0);
    }
}
