package cn.ebike.subsidy.client;

import cn.ebike.common.problem.DependencyUnavailableException;
import cn.ebike.subsidy.config.SubsidyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Client-credentials token of this service (client id {@code subsidy-service}, secret
 * SUBSIDY_CLIENT_SECRET) from the gateway's token endpoint. Cached until shortly before
 * {@code expires_in}; dropped when a downstream answers 401 so the next call fetches a new one.
 */
@ApplicationScoped
public class ServiceTokenProvider {

    private static final Logger LOG = Logger.getLogger(ServiceTokenProvider.class);

    private record Cached(String value, Instant refreshAt) {
    }

    private final TokenEndpoint endpoint;
    private final SubsidyConfig config;
    private volatile Cached cached;

    public ServiceTokenProvider(TokenEndpoint endpoint, SubsidyConfig config) {
        this.endpoint = endpoint;
        this.config = config;
    }

    /** A valid token, fetched when none is cached or the cached one is about to expire. Blocking. */
    public String token() {
        Cached c = cached;
        if (c != null && Instant.now().isBefore(c.refreshAt())) {
            return c.value();
        }
        synchronized (this) {
            c = cached;
            if (c != null && Instant.now().isBefore(c.refreshAt())) {
                return c.value();
            }
            Cached fresh = fetch();
            cached = fresh;
            return fresh.value();
        }
    }

    /** Forget {@code token} (a downstream said 401); a token fetched meanwhile by another thread is kept. */
    public synchronized void invalidate(String token) {
        Cached c = cached;
        if (c != null && c.value().equals(token)) {
            cached = null;
        }
    }

    private Cached fetch() {
        String secret = config.serviceToken().clientSecret().filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException("SUBSIDY_CLIENT_SECRET is not set"));
        TokenResponse r;
        try {
            r = endpoint.fetch(config.serviceToken().clientId(), secret);
        } catch (RuntimeException e) {
            LOG.warnf("service token could not be fetched: %s", e.toString());
            throw new DependencyUnavailableException("The gateway's token endpoint", e);
        }
        if (r == null || r.accessToken() == null || r.accessToken().isBlank()) {
            throw new DependencyUnavailableException("The gateway's token endpoint", null);
        }
        long expiresIn = r.expiresIn() == null || r.expiresIn() <= 0 ? 60 : r.expiresIn();
        Duration lifetime = Duration.ofSeconds(expiresIn);
        Duration early = config.serviceToken().refreshBefore();
        // a short-lived token is kept for half its life rather than not at all
        Duration keep = lifetime.compareTo(early.multipliedBy(2)) > 0 ? lifetime.minus(early) : lifetime.dividedBy(2);
        return new Cached(r.accessToken(), Instant.now().plus(keep));
    }
}
