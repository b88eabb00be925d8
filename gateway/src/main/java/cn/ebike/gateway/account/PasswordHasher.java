package cn.ebike.gateway.account;

import cn.ebike.gateway.config.GatewayConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * bcrypt (Quarkus' Elytron BcryptUtil, Modular Crypt Format). When a user is unknown the login still
 * checks the password against a dummy hash of the same cost, so both answers take the same time.
 */
@Singleton
public class PasswordHasher {

    public static final int MIN_LENGTH = 12;
    /** bcrypt reads at most 72 bytes; longer passwords would be silently truncated. */
    public static final int MAX_BYTES = 72;

    private final int cost;
    private final String dummyHash;

    public PasswordHasher(GatewayConfig config) {
        this.cost = config.login().bcryptCost();
        this.dummyHash = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), cost);
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    public boolean matches(String password, String hash) {
        return BcryptUtil.matches(password, hash);
    }

    /** Spends the same time as a real check; always false. */
    public boolean matchesDummy(String password) {
        BcryptUtil.matches(password, dummyHash);
        return false;
    }
}
