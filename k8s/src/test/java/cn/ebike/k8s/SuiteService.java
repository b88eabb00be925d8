package cn.ebike.k8s;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What each of the four services needs from its Deployment (the contract's configuration names). */
enum SuiteService {

    REGISTRATION("registration-service", 8081, "ebike_registration", false,
            List.of("PLATE_SIGNING_PRIVATE_KEY_LOCATION", "PLATE_SIGNING_PUBLIC_KEY_LOCATION", "PII_ENCRYPTION_KEY",
                    "PII_HMAC_KEY", "SERVICE_TOKEN_URL", "REGISTRATION_CLIENT_SECRET", "TRADEIN_URL")),
    TRADEIN("tradein-service", 8082, "ebike_tradein", false,
            List.of("REGISTRATION_URL", "SUBSIDY_URL", "SERVICE_TOKEN_URL", "TRADEIN_CLIENT_SECRET",
                    "DEALER_CONTACT_ENCRYPTION_KEY")),
    SUBSIDY("subsidy-service", 8083, "ebike_subsidy", true,
            List.of("REGISTRATION_URL", "TRADEIN_URL", "SERVICE_TOKEN_URL", "SUBSIDY_CLIENT_SECRET", "REDIS_URL",
                    "WALLET_ENCRYPTION_KEY")),
    GATEWAY("gateway", 8080, "ebike_gateway", true,
            List.of("JWT_PRIVATE_KEY_LOCATION", "BOOTSTRAP_ADMIN_PASSWORD", "TRADEIN_CLIENT_SECRET",
                    "SUBSIDY_CLIENT_SECRET", "REGISTRATION_CLIENT_SECRET", "REGISTRATION_URL", "TRADEIN_URL", "SUBSIDY_URL", "CORS_ORIGINS", "SMS_ECHO",
                    "REDIS_URL", "TRUSTED_PROXIES"));

    static final List<String> COMMON_ENV = List.of("PORT", "DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME",
            "JWT_PUBLIC_KEY_LOCATION", "JWT_ISSUER", "JWT_AUDIENCE");

    final String deployment;
    final int port;
    final String database;
    final boolean usesRedis;
    private final List<String> ownEnv;

    SuiteService(String deployment, int port, String database, boolean usesRedis, List<String> ownEnv) {
        this.deployment = deployment;
        this.port = port;
        this.database = database;
        this.usesRedis = usesRedis;
        this.ownEnv = ownEnv;
    }

    Set<String> requiredEnv() {
        Set<String> names = new LinkedHashSet<>(COMMON_ENV);
        names.addAll(ownEnv);
        return names;
    }

    String url() {
        return "http://" + deployment + ":" + port;
    }

    static List<String> deploymentNames() {
        return java.util.Arrays.stream(values()).map(s -> s.deployment).toList();
    }
}
