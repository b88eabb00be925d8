package cn.ebike.gateway.token;

import cn.ebike.gateway.config.GatewayConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.inject.Singleton;
import java.security.Key;
import java.util.List;
import java.util.concurrent.TimeUnit;
import cn.ebike.common.security.TokenRules;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies a bearer token the way RFC 8725 asks: the algorithm is pinned to RS256 (so {@code none}
 * and HS256-with-the-public-key are refused before any key is used), the key is chosen by {@code kid}
 * among the gateway's current and previous public keys, and iss, aud, exp, iat and sub are required.
 * Used by the router before forwarding and by the gateway's own secured endpoints.
 *
 * <p>A token is verified once: the result is cached, keyed by the raw token, until the token expires
 * (bounded: {@code gateway.jwt.cache-size} entries, least useful evicted first), so a client that sends
 * the same token a thousand times costs one RSA check. Every check, cached or not, still asks
 * {@link RevokedSubjects}, and {@link #invalidateSubject} drops a subject's cached tokens at once.
 */
@Singleton
public class TokenVerifier {

    /** What the router needs from a verified token, read once. */
    public record VerifiedToken(String subject, long issuedAtMillis, long expiresAtMillis, List<String> groups,
            String dealerId, Long rateLimitPerMinute, String sessionId, JwtClaims claims) {

        public boolean hasGroup(String group) {
            return groups.contains(group);
        }
    }

    private final JwtConsumer consumer;
    private final List<SigningKeys.VerificationKey> keys;
    private final java.util.Set<String> knownKids;
    private final Cache<String, VerifiedToken> cache;
    private final RevokedSubjects revoked;
    private final SessionRevocations revocations;
    private final long skewMillis;

    public TokenVerifier(SigningKeys signingKeys, GatewayConfig config, RevokedSubjects revoked,
            SessionRevocations revocations) {
        this.revocations = revocations;
        this.keys = signingKeys.verificationKeys();
        this.knownKids = keys.stream().map(SigningKeys.VerificationKey::kid)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.revoked = revoked;
        this.skewMillis = config.jwt().clockSkew().toMillis();
        long maxLifetimeMinutes = Math.max(config.jwt().lifetime().toMinutes(), config.jwt().serviceLifetime().toMinutes()) + 1;
        this.consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver((jws, nesting) -> resolve(jws.getKeyIdHeaderValue()))
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setMaxFutureValidityInMinutes((int) maxLifetimeMinutes)
                .setAllowedClockSkewInSeconds((int) config.jwt().clockSkew().toSeconds())
                .setExpectedIssuer(config.jwt().issuer())
                .setExpectedAudience(config.jwt().audience())
                .build();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.jwt().cacheSize())
                .expireAfter(new Expiry<String, VerifiedToken>() {
                    @Override
                    public long expireAfterCreate(String token, VerifiedToken v, long now) {
                        long left = v.expiresAtMillis() + skewMillis - System.currentTimeMillis();
                        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, left));
                    }

                    @Override
                    public long expireAfterUpdate(String token, VerifiedToken v, long now, long current) {
                        return current;
                    }

                    @Override
                    public long expireAfterRead(String token, VerifiedToken v, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    private Key resolve(String kid) throws UnresolvableKeyException {
        if (kid == null) {
            return keys.get(0).key();
        }
        for (SigningKeys.VerificationKey k : keys) {
            if (k.kid().equals(kid)) {
                return k.key();
            }
        }
        throw new UnresolvableKeyException("unknown kid");
    }

    /**
     * The verified token, or {@link InvalidTokenException} for anything that is not a valid token (also
     * for a token of a revoked subject). Cached per raw token for its lifetime.
     */
    public VerifiedToken check(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            throw new InvalidTokenException("missing or oversized token");
        }
        VerifiedToken v = cache.getIfPresent(token);
        long now = System.currentTimeMillis();
        if (v == null) {
            v = verifyUncached(token);
            cache.put(token, v);
        } else if (now > v.expiresAtMillis() + skewMillis) {
            cache.invalidate(token);
            throw new InvalidTokenException("expired");
        }
        // revoked dealer API clients; ended sessions and subjects (an in-memory look-up each, see SessionRevocations)
        if (revoked.isRevoked(v.subject(), v.issuedAtMillis())
                || revocations.refuses(v.subject(), v.sessionId(), v.issuedAtMillis() / 1000)) {
            throw new InvalidTokenException("revoked");
        }
        return v;
    }

    /**
     * The verified claims as a fresh copy (callers such as SmallRye JWT may change the object they are
     * given), or {@link InvalidTokenException}.
     */
    public JwtClaims verify(String token) {
        VerifiedToken v = check(token);
        try {
            return JwtClaims.parse(v.claims().getRawJson());
        } catch (org.jose4j.jwt.consumer.InvalidJwtException e) {
            throw new InvalidTokenException(e.getMessage());
        }
    }

    /** Drops every cached verification of this subject's tokens (a revocation hook). */
    public void invalidateSubject(String subject) {
        cache.asMap().values().removeIf(v -> v.subject().equals(subject));
    }

    /** Tokens currently cached (metrics, tests). */
    public long cachedTokens() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private VerifiedToken verifyUncached(String token) {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            // the suite's token rules, the same as in every service (common TokenRules): kid known, sub, groups an
            // array, exp - iat <= 15 min, iat at most 30 s ahead
            String broken = TokenRules.problem(token, knownKids, System.currentTimeMillis() / 1000);
            if (broken != null) {
                throw new InvalidTokenException(broken);
            }
            Object dealer = claims.getClaimValue("dealerId");
            Object rpm = claims.getClaimValue("rateLimitPerMinute");
            Object sid = claims.getClaimValue("sid");
            List<String> groups = claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : null;
            return new VerifiedToken(claims.getSubject(), claims.getIssuedAt().getValueInMillis(),
                    claims.getExpirationTime().getValueInMillis(), groups == null ? List.of() : List.copyOf(groups),
                    dealer instanceof String s ? s : null, rpm instanceof Number n ? n.longValue() : null,
                    sid == null ? null : sid.toString(), claims);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(e.getMessage());
        } catch (MalformedClaimException | RuntimeException e) {
            throw new InvalidTokenException("malformed claims: " + e.getMessage());
        }
    }

    /** A token that must not be trusted; the message is for logs only, never for the caller. */
    public static class InvalidTokenException extends RuntimeException {
        public InvalidTokenException(String message) {
            super(message, null, false, false);
        }
    }
}
