package cn.ebike.tradein.client;

import cn.ebike.common.security.ServiceTokenCache;
import cn.ebike.tradein.config.TradeInConfig;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * SERVICE tokens for calls to registration and subsidy: quarkus-oidc-client's default client fetches them
 * (client_credentials, client {@code tradein-service}, secret {@code TRADEIN_CLIENT_SECRET}, at the gateway's
 * {@code SERVICE_TOKEN_URL}; connection retries as configured under {@code quarkus.oidc-client}), and common's
 * {@link ServiceTokenCache} shares one until shortly before it expires, drops it on a downstream 401 and turns a
 * failed fetch into 503.
 */
@ApplicationScoped
public class ServiceTokenProvider {

    private final ServiceTokenCache cache;

    @Inject
    public ServiceTokenProvider(OidcClient oidc, TradeInConfig config) {
        this.cache = new ServiceTokenCache(() -> {
            Tokens tokens = oidc.getTokens().await().atMost(config.serviceToken().timeout());
            Long expiresAt = tokens.getAccessTokenExpiresAt();
            return new ServiceTokenCache.Token(tokens.getAccessToken(),
                    expiresAt == null ? null : Instant.ofEpochSecond(expiresAt));
        }, config.serviceToken().refreshMargin(), "The gateway's token endpoint");
    }

    /** A valid access token, fetched once and shared until shortly before it expires. */
    public String token() {
        return cache.token();
    }

    /** Forget the cached token (a downstream said 401: it may have been revoked or the key rotated). */
    public void invalidate() {
        cache.invalidate();
    }
}
