package cn.ebike.subsidy.common;

import cn.ebike.common.security.KeyFiles;
import cn.ebike.subsidy.config.SubsidyConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start without the key that verifies JWTs (without it SmallRye JWT would answer 500 to
 * every request, health included) and without SUBSIDY_CLIENT_SECRET (eligibility is read from the other
 * services with a service token). Each message names the variable. WALLET_ENCRYPTION_KEY is checked first by
 * {@code wallet.WalletStartupCheck} (this package depends on no feature package).
 */
@ApplicationScoped
public class StartupChecks {

    /** The order of the startup checks' observers (the wallet key's runs just before). */
    public static final int ORDER = 100;

    private final Optional<String> jwtPublicKeyLocation;
    private final SubsidyConfig config;

    public StartupChecks(@ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> jwtPublicKeyLocation,
            SubsidyConfig config) {
        this.jwtPublicKeyLocation = jwtPublicKeyLocation;
        this.config = config;
    }

    void onStart(@Observes @Priority(StartupChecks.ORDER) StartupEvent event) {
        KeyFiles.requireSecret(config.serviceToken().clientSecret(), "SUBSIDY_CLIENT_SECRET is not set: subsidy-service "
                + "cannot get the service token it reads trade-ins, dealers and vehicles with. Set it to the secret the "
                + "gateway holds for client 'subsidy-service'.");
        KeyFiles.requireJwtPublicKey("subsidy-service", jwtPublicKeyLocation);
    }
}
