package cn.ebike.tradein.client;

import cn.ebike.common.problem.DependencyUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Hands the claims of completed trade-ins to subsidy-service, many per request
 * ({@code POST /api/subsidies/claims/batch}, decided there in the order posted). No {@code @Retry} here: the
 * outbox relay owns retrying (with backoff that survives restarts), per claim; this bean only bounds one post
 * in time and stops hammering a subsidy-service that is down (circuit breaker). A claim subsidy answers
 * 404 or 503 for inside a 200 is an answer, not a failure of the service.
 */
@ApplicationScoped
public class SubsidyClient {

    /** subsidy-service's batch limit. */
    public static final int MAX_BATCH = 200;

    private final SubsidyRestClient rest;

    private final ServiceTokenProvider tokens;

    public SubsidyClient(@RestClient SubsidyRestClient rest, ServiceTokenProvider tokens) {
        this.rest = rest;
        this.tokens = tokens;
    }

    /** What subsidy-service made of one claim of a post. */
    public record ClaimAnswer(boolean delivered, int status, String error) {
    }

    /** What subsidy-service made of a post: per trade-in, or the same failure for all of them. */
    public record BatchAnswer(Map<UUID, ClaimAnswer> items, ClaimAnswer whole) {

        /** The answer for one claim of the post (a claim the answer does not mention is not delivered). */
        public ClaimAnswer of(UUID tradeInId) {
            if (whole != null) {
                return whole;
            }
            ClaimAnswer a = items.get(tradeInId);
            return a != null ? a : new ClaimAnswer(false, 0, "subsidy-service's answer does not mention this claim");
        }

        static BatchAnswer failed(int status, String error) {
            return new BatchAnswer(Map.of(), new ClaimAnswer(false, status, error));
        }
    }

    /**
     * @return per claim: delivered for 200/201, otherwise not delivered with the status and subsidy's detail; a
     *     4xx for the whole post is returned as every claim's answer (it says nothing about subsidy being down)
     * @throws DependencyUnavailableException when subsidy-service cannot be reached or answers 5xx
     */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            failOn = {DependencyUnavailableException.class, ProcessingException.class, TimeoutException.class})
    public BatchAnswer claimBatch(List<UUID> tradeInIds) {
        try (Response response = rest.claimBatch(new SubsidyRestClient.BatchRequest(tradeInIds))) {
            int status = response.getStatus();
            if (status != 200) {
                return BatchAnswer.failed(status, "subsidy-service answered " + status);
            }
            SubsidyRestClient.BatchAnswer body = response.readEntity(SubsidyRestClient.BatchAnswer.class);
            Map<UUID, ClaimAnswer> items = new HashMap<>();
            if (body != null && body.items() != null) {
                for (SubsidyRestClient.Item item : body.items()) {
                    if (item == null || item.tradeInId() == null) {
                        continue;
                    }
                    boolean delivered = item.status() == 200 || item.status() == 201;
                    items.putIfAbsent(item.tradeInId(), new ClaimAnswer(delivered, item.status(), delivered ? null
                            : "subsidy-service answered " + item.status() + " for this claim" + detail(item.detail())));
                }
            }
            return new BatchAnswer(items, null);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 401) {
                tokens.invalidate();
            }
            if (status >= 500) {
                throw new DependencyUnavailableException("subsidy-service answered " + status);
            }
            return BatchAnswer.failed(status, "subsidy-service answered " + status + bodyOf(e.getResponse()));
        } catch (ProcessingException e) {
            throw new DependencyUnavailableException("subsidy-service cannot be reached: " + e.getMessage());
        }
    }

    private static String detail(String detail) {
        if (detail == null || detail.isBlank()) {
            return "";
        }
        return ": " + (detail.length() > 300 ? detail.substring(0, 300) : detail);
    }

    private static String bodyOf(Response response) {
        try {
            return detail(response.readEntity(String.class));
        } catch (RuntimeException e) {
            return "";
        }
    }
}
