package cn.ebike.gateway.stats;

import cn.ebike.gateway.config.GatewayConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A small cache of the composed regulators' figures (issue 13: p95 ≤ 100 ms through the gateway). A figure is
 * remembered for {@code gateway.stats.cache-ttl} ({@code FIGURES_CACHE_TTL}, default 30 s; zero switches the cache
 * off) under a key of the path, <em>every</em> query parameter (sorted, all values) and the caller's roles, so two
 * questions that differ in anything the caller asked never share an answer. A request with
 * {@code Cache-Control: no-cache} (or {@code no-store}) bypasses it and refreshes the entry. Only whole answers
 * are kept: a failure or an answer that names an unavailable service is not remembered. The composed JSON is
 * kept, not the HTTP response, so the CSV of the same figure is computed from it as well.
 */
@ApplicationScoped
public class FiguresCache {

    /** Entries at most; beyond it the expired ones go, and if that is not enough, all. */
    static final int MAX_ENTRIES = 2_000;

    private record Entry(Object value, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    @Inject
    public FiguresCache(GatewayConfig config) {
        this(config.stats().cacheTtl(), Clock.systemUTC());
    }

    FiguresCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The key of one question: path, every query parameter with all its values, the caller's roles. */
    public static String key(UriInfo uri, SecurityIdentity caller) {
        return key(uri.getPath(), uri.getQueryParameters(), caller == null ? List.of() : caller.getRoles());
    }

    static String key(String path, Map<String, List<String>> query, Iterable<String> roles) {
        StringBuilder k = new StringBuilder(path).append('?');
        new TreeMap<>(query).forEach((name, values) -> {
            for (String v : values) {
                k.append(name.length()).append(':').append(name).append('=').append(v.length()).append(':').append(v)
                        .append('&');
            }
        });
        TreeSet<String> sorted = new TreeSet<>();
        roles.forEach(sorted::add);
        return k.append("#roles=").append(String.join(",", sorted)).toString();
    }

    /** True when the request asks for a fresh answer ({@code Cache-Control: no-cache} or {@code no-store}). */
    public static boolean bypass(String cacheControl) {
        if (cacheControl == null) {
            return false;
        }
        String c = cacheControl.toLowerCase(java.util.Locale.ROOT);
        return c.contains("no-cache") || c.contains("no-store");
    }

    /** The remembered answer of {@code key}, or {@code compute}'s (remembered when whole). */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> get(String key, boolean bypass, Supplier<Uni<T>> compute) {
        if (ttl.isZero() || ttl.isNegative()) {
            return compute.get();
        }
        Instant now = clock.instant();
        if (!bypass) {
            Entry e = entries.get(key);
            if (e != null && now.isBefore(e.expires())) {
                return Uni.createFrom().item((T) e.value());
            }
        }
        return compute.get().invoke(value -> {
            if (whole(value)) {
                put(key, value, clock.instant().plus(ttl));
            } else {
                entries.remove(key);
            }
        });
    }

    int size() {
        return entries.size();
    }

    private void put(String key, Object value, Instant expires) {
        if (entries.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !now.isBefore(e.expires()));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(key, new Entry(value, expires));
    }

    /** An answer that names an unavailable service is not kept: the next request asks again. */
    private static boolean whole(Object value) {
        if (value instanceof JsonNode n) {
            JsonNode u = n.get("unavailable");
            return u == null || !u.isArray() || u.isEmpty();
        }
        if (value instanceof FiguresService.Signals s) {
            return s.unavailable().isEmpty();
        }
        return value != null;
    }
}
