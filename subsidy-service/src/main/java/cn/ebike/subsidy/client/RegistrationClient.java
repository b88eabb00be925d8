package cn.ebike.subsidy.client;

import cn.ebike.common.problem.DependencyUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** registration-service as subsidy sees it: vehicles, read in bulk with a SERVICE token. */
@ApplicationScoped
public class RegistrationClient {

    /** registration's look-up limit: the old and the new bike of each claim of a 200-claim batch. */
    public static final int MAX_IDS = 400;

    private final RegistrationRestClient rest;
    private final ServiceTokenProvider tokens;

    public RegistrationClient(@RestClient RegistrationRestClient rest, ServiceTokenProvider tokens) {
        this.rest = rest;
        this.tokens = tokens;
    }

    /** The vehicles with these ids (at most {@value #MAX_IDS}); unknown ids are absent. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = {UpstreamException.Refused.class, DependencyUnavailableException.class})
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = {UpstreamException.Refused.class, DependencyUnavailableException.class})
    public Map<UUID, VehicleView> vehicles(List<UUID> ids) {
        return Upstream.lookup(tokens, ids, rest::lookup, VehicleView::id);
    }
}
