package cn.ebike.gateway.token;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Loads the signing key at start, so a gateway without JWT_PRIVATE_KEY_LOCATION (or with an
 * unreadable key) refuses to start with a message naming the variable, instead of failing every
 * login later. The public key is derived from the private one; JWT_PUBLIC_KEY_LOCATION is not needed.
 */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);

    void onStart(@Observes StartupEvent event, SigningKeys keys, TokenVerifier verifier) {
        LOG.infof("signing with key %s%s", keys.current().kid(),
                keys.previous().map(p -> "; also accepting previous key " + p.kid()).orElse(""));
    }
}
