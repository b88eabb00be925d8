package cn.ebike.subsidy.client;

import cn.ebike.common.security.ServiceTokenCache;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The gateway's token endpoint, through quarkus-oidc-client's default client (client_credentials, secret in the
 * form body), behind a timeout, retries and a circuit breaker.
 */
@ApplicationScoped
public class TokenEndpoint {

    private final OidcClient oidc;

    public TokenEndpoint(OidcClient oidc) {
        this.oidc = oidc;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    public ServiceTokenCache.Token fetch() {
        Tokens tokens = oidc.getTokens().await().atMost(Duration.ofSeconds(3));
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        return new ServiceTokenCache.Token(tokens.getAccessToken(), expiresAt == null ? null : Instant.ofEpochSecond(expiresAt));
    }
}
