package cn.ebike.common.security;

import cn.ebike.common.problem.DependencyUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The SERVICE token a service calls the others with, shared by all its threads: fetched when none is held or the
 * held one is within {@code refreshBefore} of expiring (a short-lived token is kept for half its life rather than
 * not at all), dropped when a downstream answers 401 (revoked, or the signing key rotated). One fetch at a time;
 * a fetch that fails is a {@link DependencyUnavailableException} (503 to the caller), never a 500.
 *
 * <p>How a token is obtained is the service's business: tradein-service and subsidy-service fetch it with
 * quarkus-oidc-client (client_credentials at the gateway's token endpoint) and hand this class the result.
 */
public final class ServiceTokenCache {

    private static final Logger LOG = Logger.getLogger(ServiceTokenCache.class);

    /** A token and when it expires (null: unknown, kept for a minute). */
    public record Token(String value, Instant expiresAt) {
    }

    private final Supplier<Token> fetch;
    private final Duration refreshBefore;
    private final String endpoint;
    private final Clock clock;
    private volatile Held held;

    private record Held(String value, Instant refreshAt) {
    }

    public ServiceTokenCache(Supplier<Token> fetch, Duration refreshBefore, String endpoint) {
        this(fetch, refreshBefore, endpoint, Clock.systemUTC());
    }

    ServiceTokenCache(Supplier<Token> fetch, Duration refreshBefore, String endpoint, Clock clock) {
        this.fetch = fetch;
        this.refreshBefore = refreshBefore;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /** A valid token. Blocking: call it from a worker thread. */
    public String token() {
        Held h = held;
        if (h != null && clock.instant().isBefore(h.refreshAt())) {
            return h.value();
        }
        synchronized (this) {
            h = held;
            if (h != null && clock.instant().isBefore(h.refreshAt())) {
                return h.value();
            }
            Held fresh = fetchNow();
            held = fresh;
            return fresh.value();
        }
    }

    /** Forget {@code token} (a downstream said 401); a token fetched meanwhile by another thread is kept. */
    public synchronized void invalidate(String token) {
        Held h = held;
        if (h != null && (token == null || h.value().equals(token))) {
            held = null;
        }
    }

    /** Forget whatever token is held. */
    public void invalidate() {
        invalidate(null);
    }

    private Held fetchNow() {
        Token token;
        try {
            token = fetch.get();
        } catch (DependencyUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("no service token from %s: %s", endpoint, e.toString());
            throw new DependencyUnavailableException(endpoint, e);
        }
        if (token == null || token.value() == null || token.value().isBlank()) {
            throw new DependencyUnavailableException(endpoint, null);
        }
        Instant now = clock.instant();
        Duration lifetime = token.expiresAt() == null ? Duration.ofMinutes(1) : Duration.between(now, token.expiresAt());
        if (lifetime.isNegative() || lifetime.isZero()) {
            lifetime = Duration.ofSeconds(1);
        }
        Duration keep = lifetime.compareTo(refreshBefore.multipliedBy(2)) > 0 ? lifetime.minus(refreshBefore)
                : lifetime.dividedBy(2);
        return new Held(token.value(), now.plus(keep));
    }
}
