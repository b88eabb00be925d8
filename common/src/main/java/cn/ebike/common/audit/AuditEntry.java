package cn.ebike.common.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audit row as every service writes it: when, who, what, on which object, from which state to which, and a
 * free-text detail. {@code extra} holds the values of a service's own columns ({@link AuditTable#extras()}, e.g.
 * registration's {@code actor_role} and {@code vehicle_id}); a column missing from it is written as NULL.
 */
public record AuditEntry(Instant at, String actor, String action, String objectType, Object objectId,
        String fromStatus, String toStatus, String detail, Map<String, Object> extra) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(objectId, "objectId");
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** An entry now (at PostgreSQL's microsecond precision), without states, detail or extra columns. */
    public static AuditEntry of(String actor, String action, String objectType, Object objectId) {
        return new AuditEntry(Instant.now().truncatedTo(ChronoUnit.MICROS), actor, action, objectType, objectId, null,
                null, null, null);
    }

    public AuditEntry at(Instant when) {
        return new AuditEntry(when, actor, action, objectType, objectId, fromStatus, toStatus, detail, extra);
    }

    /** The transition; an enum is written by its name, null stays null. */
    public AuditEntry transition(Object from, Object to) {
        return new AuditEntry(at, actor, action, objectType, objectId, name(from), name(to), detail, extra);
    }

    public AuditEntry detail(String text) {
        return new AuditEntry(at, actor, action, objectType, objectId, fromStatus, toStatus, text, extra);
    }

    /** The value of one of the service's own columns. */
    public AuditEntry with(String column, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extra);
        more.put(column, value);
        return new AuditEntry(at, actor, action, objectType, objectId, fromStatus, toStatus, detail, more);
    }

    private static String name(Object state) {
        return state == null ? null : state instanceof Enum<?> e ? e.name() : state.toString();
    }
}
