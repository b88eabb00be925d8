package cn.ebike.gateway.token;

import java.util.Optional;
import java.util.UUID;

/**
 * The client_credentials check for dealers' API clients, asked by the token endpoint ({@link ServiceTokenResource})
 * for a client id that is not one of the suite's services. The dealer clients implement it
 * ({@code dealerclient.DealerClientService}), so the token package need not know how they are stored.
 */
public interface DealerClientCredentials {

    /** A client that presented a live secret: the dealer its tokens are bound to and its own rate limit. */
    record Authenticated(String clientId, UUID dealerId, int rateLimitPerMinute) {
    }

    /**
     * The client when {@code secret} is one of its live secrets, else empty, after the same work for an unknown
     * client as for a wrong secret (compared in constant time).
     */
    Optional<Authenticated> authenticate(String clientId, String secret);
}
