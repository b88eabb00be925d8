package cn.ebike.gateway.proxy;

import java.util.List;

/** Which service owns which path prefix (API.md / CONTRACT). The gateway serves /api/auth and /api/stats itself. */
public enum Upstream {
    REGISTRATION("registration-service", List.of("/api/owners", "/api/vehicles", "/api/plates")),
    TRADEIN("tradein-service", List.of("/api/dealers", "/api/trade-ins")),
    SUBSIDY("subsidy-service", List.of("/api/campaigns", "/api/subsidies"));

    /** values() copies its array at every call; the path look-up runs on every request */
    private static final Upstream[] ALL = values();

    private final String serviceName;
    private final List<String> prefixes;

    Upstream(String serviceName, List<String> prefixes) {
        this.serviceName = serviceName;
        this.prefixes = prefixes;
    }

    public String serviceName() {
        return serviceName;
    }

    public List<String> prefixes() {
        return prefixes;
    }

    /** The owner of a (normalised) path, or null when the gateway serves it or nobody does. */
    public static Upstream forPath(String path) {
        for (Upstream u : ALL) {
            for (String prefix : u.prefixes) {
                if (path.startsWith(prefix)
                        && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                    return u;
                }
            }
        }
        return null;
    }
}
