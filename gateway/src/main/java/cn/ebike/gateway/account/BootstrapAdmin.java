package cn.ebike.gateway.account;

import cn.ebike.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Creates the {@code admin} account at first start, with BOOTSTRAP_ADMIN_PASSWORD or, when that is
 * unset, a generated password printed once in the log. An existing admin is never touched.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    private final AccountService accounts;
    private final GatewayConfig config;

    public BootstrapAdmin(AccountService accounts, GatewayConfig config) {
        this.accounts = accounts;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        Optional<String> configured = config.bootstrapAdminPassword().filter(p -> !p.isBlank());
        if (configured.isPresent() && configured.get().length() < PasswordHasher.MIN_LENGTH) {
            throw new IllegalStateException("BOOTSTRAP_ADMIN_PASSWORD must be at least "
                    + PasswordHasher.MIN_LENGTH + " characters.");
        }
        String password = configured.orElseGet(BootstrapAdmin::generate);
        // race-free across replicas starting together: exactly one of them creates it
        boolean created = accounts.createAdminIfMissing(password);
        if (created) {
            if (configured.isPresent()) {
                LOG.info("Created account 'admin' with the password from BOOTSTRAP_ADMIN_PASSWORD.");
            } else {
                LOG.warnf("Created account 'admin' with the generated password %s — it is shown only this once; "
                        + "set BOOTSTRAP_ADMIN_PASSWORD to choose it.", password);
            }
        }
    }

    static String generate() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
