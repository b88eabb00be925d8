package cn.ebike.gateway.token;

import cn.ebike.gateway.config.GatewayConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Signs every token the suite uses: RS256 with the current key, kid = its thumbprint. */
@Singleton
public class TokenIssuer {

    /** The suite's roles; SERVICE is only ever issued to configured clients. */
    public enum Role { OWNER, DEALER, REGULATOR, ADMIN, SERVICE }

    public record IssuedToken(String token, long expiresIn, Role role, UUID dealerId) {
    }

    private static final Duration MAX_LIFETIME = Duration.ofMinutes(15);

    private final SigningKeys keys;
    private final GatewayConfig config;

    public TokenIssuer(SigningKeys keys, GatewayConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public IssuedToken forStaff(UUID accountId, String username, Role role, UUID dealerId) {
        return forStaff(accountId, username, role, dealerId, null);
    }

    /** A staff token; {@code sessionId} (claim {@code sid}) ties it to its refresh session, so logout ends it too. */
    public IssuedToken forStaff(UUID accountId, String username, Role role, UUID dealerId, UUID sessionId) {
        if (role == Role.SERVICE || role == Role.OWNER) {
            throw new IllegalArgumentException("staff accounts cannot hold " + role);
        }
        return issue(accountId.toString(), username, role, dealerId, userLifetime(), sessionId, null);
    }

    public IssuedToken forOwner(String ownerId) {
        return forOwner(ownerId, null);
    }

    public IssuedToken forOwner(String ownerId, UUID sessionId) {
        return issue(ownerId, ownerId, Role.OWNER, null, userLifetime(), sessionId, null);
    }

    /** SERVICE tokens: only for configured clients ({@link ServiceClients}) and the gateway itself. */
    public IssuedToken forService(String clientId) {
        return issue(clientId, clientId, Role.SERVICE, null, capped(config.jwt().serviceLifetime()), null, null);
    }

    /**
     * DEALER tokens for a dealer's API client (client credentials): sub = upn = the client id, the
     * dealer's id, and the client's own rate limit, which the gateway applies to the token.
     */
    public IssuedToken forDealerClient(String clientId, UUID dealerId, int rateLimitPerMinute) {
        return issue(clientId, clientId, Role.DEALER, dealerId, capped(config.dealerClients().tokenLifetime()),
                null, rateLimitPerMinute);
    }

    private Duration userLifetime() {
        return capped(config.jwt().lifetime());
    }

    private static Duration capped(Duration d) {
        return d.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : d;
    }

    private IssuedToken issue(String subject, String upn, Role role, UUID dealerId, Duration lifetime,
            UUID sessionId, Integer rateLimitPerMinute) {
        Instant now = Instant.now();
        JwtClaimsBuilder claims = Jwt.claims()
                .issuer(config.jwt().issuer())
                .audience(config.jwt().audience())
                .subject(subject)
                .upn(upn)
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .claim("jti", UUID.randomUUID().toString())
                .groups(Set.of(role.name()));
        if (dealerId != null) {
            claims.claim("dealerId", dealerId.toString());
        }
        if (sessionId != null) {
            claims.claim("sid", sessionId.toString());
        }
        if (rateLimitPerMinute != null) {
            claims.claim("rateLimitPerMinute", rateLimitPerMinute.longValue());
        }
        String token = claims.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .keyId(keys.current().kid()).sign(keys.privateKey());
        return new IssuedToken(token, lifetime.toSeconds(), role, dealerId);
    }
}
