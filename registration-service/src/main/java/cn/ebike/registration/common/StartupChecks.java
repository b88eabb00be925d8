package cn.ebike.registration.common;

import cn.ebike.common.security.KeyFiles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start without the key that verifies JWTs, with a message naming its environment variable: without it
 * SmallRye JWT would answer 500 to every request, health included. The other keys the service cannot work without
 * are checked at start by the packages that use them, so this class depends on no feature: {@code pii.PiiCrypto}
 * (PII keys) and {@code plate.PlateSigner} (plate-signing key pair) are created at start ({@code @Startup}), and
 * {@code plate.PlateNumbers} checks the plate number format.
 */
@ApplicationScoped
public class StartupChecks {

    private final Optional<String> jwtPublicKeyLocation;

    public StartupChecks(@ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> jwtPublicKeyLocation) {
        this.jwtPublicKeyLocation = jwtPublicKeyLocation;
    }

    void onStart(@Observes StartupEvent event) {
        KeyFiles.requireJwtPublicKey("registration-service", jwtPublicKeyLocation);
    }
}
