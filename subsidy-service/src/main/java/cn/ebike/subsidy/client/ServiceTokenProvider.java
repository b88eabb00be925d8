package cn.ebike.subsidy.client;

import cn.ebike.common.security.ServiceTokenCache;
import cn.ebike.subsidy.config.SubsidyConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Client-credentials token of this service (client id {@code subsidy-service}, secret SUBSIDY_CLIENT_SECRET) from
 * the gateway's token endpoint ({@link TokenEndpoint}, quarkus-oidc-client), shared through common's
 * {@link ServiceTokenCache}: kept until shortly before {@code expires_in}, dropped when a downstream answers 401 so
 * the next call fetches a new one, 503 when none can be fetched.
 */
@ApplicationScoped
public class ServiceTokenProvider {

    private final ServiceTokenCache cache;

    public ServiceTokenProvider(TokenEndpoint endpoint, SubsidyConfig config) {
        this.cache = new ServiceTokenCache(endpoint::fetch, config.serviceToken().refreshBefore(),
                "The gateway's token endpoint");
    }

    /** A valid token, fetched when none is cached or the cached one is about to expire. Blocking. */
    public String token() {
        return cache.token();
    }

    /** Forget {@code token} (a downstream said 401); a token fetched meanwhile by another thread is kept. */
    public void invalidate(String token) {
        cache.invalidate(token);
    }
}
