package cn.ebike.gateway.token;

import cn.ebike.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import java.security.Key;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies a bearer token the way RFC 8725 asks: the algorithm is pinned to RS256 (so {@code none}
 * and HS256-with-the-public-key are refused before any key is used), the key is chosen by {@code kid}
 * among the gateway's current and previous public keys, and iss, aud, exp, iat and sub are required.
 * Used by the router before forwarding and by the gateway's own secured endpoints.
 */
@Singleton
public class TokenVerifier {

    private final JwtConsumer consumer;
    private final List<SigningKeys.VerificationKey> keys;
    private final cn.ebike.gateway.session.Revocations revocations;

    public TokenVerifier(SigningKeys signingKeys, GatewayConfig config, cn.ebike.gateway.session.Revocations revocations) {
        this.revocations = revocations;
        this.keys = signingKeys.verificationKeys();
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

    /** The verified claims, or {@link InvalidTokenException} for anything that is not a valid token. */
    public JwtClaims verify(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            throw new InvalidTokenException("missing or oversized token");
        }
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(e.getMessage());
        }
        // a token issued before its subject's or session's revocation (an in-memory look-up, see Revocations)
        try {
            Object sid = claims.getClaimValue("sid");
            if (revocations.refuses(claims.getSubject(), sid == null ? null : sid.toString(),
                    claims.getIssuedAt().getValue())) {
                throw new InvalidTokenException("revoked");
            }
        } catch (org.jose4j.jwt.MalformedClaimException e) {
            throw new InvalidTokenException(e.getMessage());
        }
        return claims;
    }

    /** A token that must not be trusted; the message is for logs only, never for the caller. */
    public static class InvalidTokenException extends RuntimeException {
        public InvalidTokenException(String message) {
            super(message, null, false, false);
        }
    }
}
