package cn.ebike.gateway.token;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SERVICE token the gateway mints for its own calls to the services (sub {@code gateway}: owner
 * look-up, dealer existence), kept until a minute before it expires.
 */
@Singleton
public class GatewayServiceToken {

    private record Cached(String bearer, Instant renewAfter) {
    }

    private final TokenIssuer issuer;
    private final AtomicReference<Cached> token = new AtomicReference<>();

    public GatewayServiceToken(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    /** {@code "Bearer <jwt>"}. */
    public String bearer() {
        Cached cached = token.get();
        if (cached == null || Instant.now().isAfter(cached.renewAfter())) {
            TokenIssuer.IssuedToken issued = issuer.forService("gateway");
            cached = new Cached("Bearer " + issued.token(),
                    Instant.now().plusSeconds(Math.max(0, issued.expiresIn() - 60)));
            token.set(cached);
        }
        return cached.bearer();
    }

    /** A service answered 401: mint a new one next time. */
    public void forget() {
        token.set(null);
    }
}
