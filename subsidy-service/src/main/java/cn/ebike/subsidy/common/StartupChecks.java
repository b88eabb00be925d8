package cn.ebike.subsidy.common;

import cn.ebike.subsidy.config.SubsidyConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> jwtPublicKeyLocation;

    @jakarta.inject.Inject
    SubsidyConfig config;

    void onStart(@Observes @Priority(StartupChecks.ORDER) StartupEvent event) {
        if (config.serviceToken().clientSecret().filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException("SUBSIDY_CLIENT_SECRET is not set: subsidy-service cannot get the service "
                    + "token it reads trade-ins, dealers and vehicles with. Set it to the secret the gateway holds for "
                    + "client 'subsidy-service'.");
        }
        String location = jwtPublicKeyLocation.filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "JWT_PUBLIC_KEY_LOCATION is not set: subsidy-service cannot verify tokens. "
                                + "Point it at the gateway's public key (PEM or JWKS file); "
                                + "'./suite up' generates development keys under .run/keys."));
        if (!readable(location)) {
            throw new IllegalStateException("JWT public key not found at '" + location
                    + "' (JWT_PUBLIC_KEY_LOCATION): subsidy-service cannot verify tokens.");
        }
    }

    static boolean readable(String location) {
        String path = location.startsWith("file:") ? location.substring(5) : location;
        if (Files.isReadable(Path.of(path))) {
            return true;
        }
        String resource = path.startsWith("classpath:") ? path.substring(10) : path;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in != null;
        } catch (Exception e) {
            return false;
        }
    }
}
