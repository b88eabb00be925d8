package cn.ebike.gateway.token;

import cn.ebike.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subjects whose tokens issued up to a moment must no longer be accepted (a revoked dealer API client,
 * for instance), consulted by {@link TokenVerifier} on every check, cached or not. An entry is kept only
 * as long as a token issued before it could still be valid (the longest token lifetime plus the clock
 * skew); after that expiry does the job. In memory: whoever revokes also records it where the other
 * replicas pick it up (see {@code DealerClientRevocations}).
 */
@Singleton
public class RevokedSubjects {

    private final ConcurrentHashMap<String, Long> revokedAt = new ConcurrentHashMap<>();
    private final long keepMs;

    public RevokedSubjects(GatewayConfig config) {
        this.keepMs = Math.max(config.jwt().lifetime().toMillis(), config.jwt().serviceLifetime().toMillis())
                + config.jwt().clockSkew().toMillis() + 60_000;
    }

    /** Tokens of {@code subject} issued at or before {@code atMillis} are refused from now on. */
    public void revoke(String subject, long atMillis) {
        revokedAt.merge(subject, atMillis, Math::max);
    }

    /** True when a token of this subject issued at {@code issuedAtMillis} (second precision) is revoked. */
    public boolean isRevoked(String subject, long issuedAtMillis) {
        if (revokedAt.isEmpty()) {
            return false;
        }
        Long at = revokedAt.get(subject);
        // iat has second precision: a token issued in the same second as the revocation is refused too
        return at != null && issuedAtMillis <= at;
    }

    /** Drops entries older than any token that could still be valid. */
    public void expire() {
        long oldest = System.currentTimeMillis() - keepMs;
        revokedAt.values().removeIf(at -> at < oldest);
    }
}
