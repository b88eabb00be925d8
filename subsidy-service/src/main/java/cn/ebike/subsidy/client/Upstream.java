package cn.ebike.subsidy.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/** The common call pattern of the clients: 401 → drop the token and try once more. */
final class Upstream {

    private Upstream() {
    }

    static <T> T call(ServiceTokenProvider tokens, Supplier<T> call) {
        // fetched here, on the caller's worker thread, so the filter only ever reads the cache
        String used = tokens.token();
        try {
            return call.get();
        } catch (UpstreamException.Refused e) {
            if (!e.unauthorized()) {
                throw e;
            }
            tokens.invalidate(used);
            tokens.token();
            return call.get();
        }
    }

    /**
     * A bulk read: the objects found, by id, keeping only ids that were asked for. A 404 here is not "unknown
     * object" (those are simply absent from a 200): it means the endpoint is missing, e.g. an older version of
     * the source is deployed, so it is an upstream failure like any other (the claim is 503, nothing recorded).
     */
    static <T> Map<UUID, T> lookup(ServiceTokenProvider tokens, List<UUID> ids, Function<LookupRequest, LookupAnswer<T>> call,
            Function<T, UUID> idOf) {
        Map<UUID, T> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        LookupAnswer<T> answer;
        try {
            answer = call(tokens, () -> call.apply(new LookupRequest(ids)));
        } catch (UpstreamException.NotFound e) {
            throw new UpstreamException(404, e.getMessage() + " (look-up endpoint missing)");
        }
        if (answer == null || answer.items() == null) {
            throw new UpstreamException(200, "look-up answered without items");
        }
        java.util.Set<UUID> asked = new java.util.HashSet<>(ids);
        for (T item : answer.items()) {
            UUID id = item == null ? null : idOf.apply(item);
            if (id != null && asked.contains(id)) {
                found.putIfAbsent(id, item);
            }
        }
        return found;
    }
}
