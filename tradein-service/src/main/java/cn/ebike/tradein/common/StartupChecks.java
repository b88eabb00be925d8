package cn.ebike.tradein.common;

import cn.ebike.tradein.config.TradeInConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start without the key that verifies JWTs or the secret that obtains service tokens.
 * Without the key SmallRye JWT would answer 500 to every request (health included); without the secret
 * every call to registration and every claim delivery would fail later, far from the cause.
 */
@ApplicationScoped
public class StartupChecks {

    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> jwtPublicKeyLocation;

    @Inject
    TradeInConfig config;

    void onStart(@Observes StartupEvent event) {
        String location = jwtPublicKeyLocation.filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "JWT_PUBLIC_KEY_LOCATION is not set: tradein-service cannot verify tokens. "
                                + "Point it at the gateway's public key (PEM or JWKS file); "
                                + "'./suite up' generates development keys under .run/keys."));
        if (!readable(location)) {
            throw new IllegalStateException("JWT public key not found at '" + location
                    + "' (JWT_PUBLIC_KEY_LOCATION): tradein-service cannot verify tokens.");
        }
        if (config.serviceToken().clientSecret().filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException("TRADEIN_CLIENT_SECRET is not set: tradein-service cannot obtain "
                    + "service tokens for registration-service and subsidy-service. Set it to the secret the "
                    + "gateway holds for client 'tradein-service' ('./suite up' generates one in .run/secrets.env).");
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
