package cn.ebike.tradein.common;

import cn.ebike.common.security.KeyFiles;
import cn.ebike.tradein.config.TradeInConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start without the key that verifies JWTs or the secret that obtains service tokens.
 * Without the key SmallRye JWT would answer 500 to every request (health included); without the secret
 * every call to registration and every claim delivery would fail later, far from the cause.
 */
@ApplicationScoped
public class StartupChecks {

    private final Optional<String> jwtPublicKeyLocation;

    private final TradeInConfig config;

    public StartupChecks(@ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> jwtPublicKeyLocation,
            TradeInConfig config) {
        this.jwtPublicKeyLocation = jwtPublicKeyLocation;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        KeyFiles.requireJwtPublicKey("tradein-service", jwtPublicKeyLocation);
        KeyFiles.requireSecret(config.serviceToken().clientSecret(), "TRADEIN_CLIENT_SECRET is not set: tradein-service "
                + "cannot obtain service tokens for registration-service and subsidy-service. Set it to the secret the "
                + "gateway holds for client 'tradein-service' ('./suite up' generates one in .run/secrets.env).");
    }
}
