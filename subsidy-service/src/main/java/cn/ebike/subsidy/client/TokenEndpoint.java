package cn.ebike.subsidy.client;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Fault-tolerant wrapper of {@link TokenRestClient}; wrong credentials are not retried. */
@ApplicationScoped
public class TokenEndpoint {

    private final TokenRestClient rest;

    public TokenEndpoint(@RestClient TokenRestClient rest) {
        this.rest = rest;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = UpstreamException.Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = UpstreamException.Refused.class)
    public TokenResponse fetch(String clientId, String clientSecret) {
        return rest.token("client_credentials", clientId, clientSecret);
    }
}
