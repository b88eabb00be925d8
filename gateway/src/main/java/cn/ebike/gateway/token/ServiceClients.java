package cn.ebike.gateway.token;

import cn.ebike.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The OAuth2 clients allowed to obtain SERVICE tokens. A client whose secret is not configured is
 * disabled. Secrets are compared in constant time (on their SHA-256 digests, so the length of the
 * configured secret does not leak either).
 */
@Singleton
public class ServiceClients {

    public static final String TRADEIN = "tradein-service";
    public static final String SUBSIDY = "subsidy-service";
    public static final String REGISTRATION = "registration-service";

    private final Map<String, byte[]> secretDigests = new HashMap<>();

    public ServiceClients(GatewayConfig config) {
        register(TRADEIN, config.clients().tradeinSecret());
        register(SUBSIDY, config.clients().subsidySecret());
        register(REGISTRATION, config.clients().registrationSecret());
    }

    private void register(String clientId, Optional<String> secret) {
        secret.filter(s -> !s.isBlank()).ifPresent(s -> secretDigests.put(clientId, sha256(s)));
    }

    /** True only for an enabled client presenting its secret. */
    public boolean authenticate(String clientId, String secret) {
        byte[] presented = sha256(secret == null ? "" : secret);
        byte[] expected = clientId == null ? null : secretDigests.get(clientId);
        // compare against a dummy when the client is unknown so both paths take the same time
        boolean equal = MessageDigest.isEqual(expected == null ? new byte[32] : expected, presented);
        return expected != null && equal;
    }

    public boolean enabled(String clientId) {
        return secretDigests.containsKey(clientId);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
