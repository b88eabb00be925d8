package cn.ebike.registration;

import cn.ebike.common.security.KeyFiles;
import cn.ebike.registration.config.RegistrationConfig;
import cn.ebike.registration.pii.PiiCrypto;
import cn.ebike.registration.plate.PlateNumbers;
import cn.ebike.registration.plate.PlateSigner;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start without the keys the service cannot work without, each with a message naming its
 * environment variable: the JWT verification key (without it SmallRye JWT would answer 500 to every
 * request, health included), the PII keys and the plate-signing key pair. The plate number format is
 * checked too.
 */
@ApplicationScoped
public class StartupChecks {

    private final Optional<String> jwtPublicKeyLocation;

    private final RegistrationConfig config;

    private final Instance<PiiCrypto> piiCrypto;

    private final Instance<PlateSigner> plateSigner;

    public StartupChecks(@ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> jwtPublicKeyLocation,
            RegistrationConfig config, Instance<PiiCrypto> piiCrypto, Instance<PlateSigner> plateSigner) {
        this.jwtPublicKeyLocation = jwtPublicKeyLocation;
        this.config = config;
        this.piiCrypto = piiCrypto;
        this.plateSigner = plateSigner;
    }

    void onStart(@Observes StartupEvent event) {
        KeyFiles.requireJwtPublicKey("registration-service", jwtPublicKeyLocation);
        checkPlateFormat(config.plate().prefix(), config.plate().digits());
        // creating them loads and checks the keys now rather than at the first request
        piiCrypto.get();
        plateSigner.get();
    }

    static void checkPlateFormat(String prefix, int digits) {
        if (digits < 4 || digits > 10) {
            throw new IllegalStateException("PLATE_NUMBER_DIGITS must be between 4 and 10 (found " + digits + ").");
        }
        String example = prefix + "0".repeat(digits);
        if (PlateNumbers.problem(example) != null) {
            throw new IllegalStateException("PLATE_NUMBER_PREFIX '" + prefix + "' with " + digits
                    + " digits does not give valid plate numbers: " + PlateNumbers.FORM_MESSAGE + ".");
        }
    }
}
