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

/** tradein-service as subsidy sees it: trade-ins with their dealers, read in bulk with a SERVICE token. */
@ApplicationScoped
public class TradeInClient {

    private final TradeInRestClient rest;
    private final ServiceTokenProvider tokens;

    public TradeInClient(@RestClient TradeInRestClient rest, ServiceTokenProvider tokens) {
        this.rest = rest;
        this.tokens = tokens;
    }

    /** The trade-ins with these ids (at most 200), each with its dealer's summary; unknown ids are absent. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = {UpstreamException.Refused.class, DependencyUnavailableException.class})
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = {UpstreamException.Refused.class, DependencyUnavailableException.class})
    public Map<UUID, TradeInView> tradeIns(List<UUID> ids) {
        return Upstream.lookup(tokens, ids, rest::lookup, TradeInView::id);
    }
}
