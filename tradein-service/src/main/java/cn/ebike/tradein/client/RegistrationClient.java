package cn.ebike.tradein.client;

import cn.ebike.common.problem.DependencyUnavailableException;
import cn.ebike.common.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The calls trade-ins make to registration-service, with a SERVICE token (see {@link ServiceTokenFilter}).
 * 404 is "no such vehicle", not a failure, and does not count against the circuit breaker; anything that
 * means "registration cannot answer" becomes {@link DependencyUnavailableException} (503 for our caller).
 * Only the idempotent GET is retried.
 */
@ApplicationScoped
public class RegistrationClient {

    private static final Logger LOG = Logger.getLogger(RegistrationClient.class);

    private final RegistrationRestClient rest;

    private final ServiceTokenProvider tokens;

    public RegistrationClient(@RestClient RegistrationRestClient rest, ServiceTokenProvider tokens) {
        this.rest = rest;
        this.tokens = tokens;
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100,
            retryOn = {DependencyUnavailableException.class, TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = {DependencyUnavailableException.class, ProcessingException.class, TimeoutException.class})
    public Optional<RegistrationVehicle> vehicle(UUID id) {
        try {
            return Optional.ofNullable(rest.vehicle(id));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return Optional.empty();
            }
            throw unavailable("GET vehicle", status);
        } catch (ProcessingException e) {
            throw new DependencyUnavailableException("registration-service cannot be reached");
        }
    }

    /**
     * Scraps a vehicle for a trade-in. Registration is idempotent on the reference (same reference again:
     * 200 unchanged), so a caller may repeat the whole step; it is not retried here all the same.
     *
     * @throws ApiException 409 when registration refuses (scrapped for another reference, unknown vehicle)
     */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = {DependencyUnavailableException.class, ProcessingException.class, TimeoutException.class})
    public RegistrationVehicle scrap(UUID vehicleId, UUID reference, String reason) {
        try {
            return rest.scrap(vehicleId, new RegistrationRestClient.ScrapRequest(reason, reference.toString()));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 409) {
                throw ApiException.conflict("vehicle-not-eligible",
                        "registration refused to scrap the old vehicle: it was scrapped for something else");
            }
            if (status == 404) {
                throw ApiException.conflict("vehicle-not-eligible",
                        "registration no longer knows the old vehicle");
            }
            throw unavailable("scrap vehicle", status);
        } catch (ProcessingException e) {
            throw new DependencyUnavailableException("registration-service cannot be reached");
        }
    }

    private DependencyUnavailableException unavailable(String call, int status) {
        if (status == 401) {
            tokens.invalidate();
        }
        LOG.warnf("registration-service answered %d to %s", status, call);
        return new DependencyUnavailableException("registration-service answered " + status);
    }
}
