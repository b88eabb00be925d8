package cn.ebike.subsidy.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Every audit row of subsidy-service is written here, in the caller's transaction (a state change and its
 * audit row commit together): one at a time through JPA ({@link #record}), or a whole decision round's in one
 * multi-row JDBC statement on the round's connection ({@link #recordAll}). Keeping both in this one class is
 * what lets the service switch to a shared audit writer (common) in one place.
 */
@ApplicationScoped
public class AuditTrail implements PanacheRepositoryBase<AuditEntry, UUID> {

    public static final String SUBSIDY = "SUBSIDY";
    public static final String PAYOUT = "PAYOUT";
    public static final String CAMPAIGN = "CAMPAIGN";
    public static final String WALLET = "WALLET";

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String action, String objectType, UUID objectId, Enum<?> from, Enum<?> to,
            String detail) {
        AuditEntry e = new AuditEntry();
        e.id = UUID.randomUUID();
        e.at = Instant.now();
        e.actor = actor == null ? "system" : truncate(actor, 200);
        e.action = action;
        e.objectType = objectType;
        e.objectId = objectId;
        e.fromStatus = from == null ? null : from.name();
        e.toStatus = to == null ? null : to.name();
        e.detail = detail == null ? null : truncate(detail, 1000);
        persist(e);
    }

    /** One audit row to write with {@link #recordAll}. */
    public record Change(String actor, String action, String objectType, UUID objectId, Enum<?> from, Enum<?> to,
            String detail) {
    }

    private static final String INSERT_ALL = "INSERT INTO audit_entry (id, at, actor, action, object_type, object_id,"
            + " from_status, to_status, detail) SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::varchar[],"
            + " ?::varchar[], ?::varchar[], ?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[])";

    /**
     * Writes these rows, all stamped {@code at}, in ONE statement on {@code c} — the connection (and so the
     * transaction) of the batched writes they record.
     */
    public void recordAll(Connection c, List<Change> changes, Instant at) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        int n = changes.size();
        UUID[] ids = new UUID[n];
        String[] ats = new String[n];
        String[] actors = new String[n];
        String[] actions = new String[n];
        String[] types = new String[n];
        UUID[] objects = new UUID[n];
        String[] from = new String[n];
        String[] to = new String[n];
        String[] details = new String[n];
        String stamp = at.toString();
        for (int i = 0; i < n; i++) {
            Change ch = changes.get(i);
            ids[i] = UUID.randomUUID();
            ats[i] = stamp;
            actors[i] = ch.actor() == null ? "system" : truncate(ch.actor(), 200);
            actions[i] = ch.action();
            types[i] = ch.objectType();
            objects[i] = ch.objectId();
            from[i] = ch.from() == null ? null : ch.from().name();
            to[i] = ch.to() == null ? null : ch.to().name();
            details[i] = ch.detail() == null ? null : truncate(ch.detail(), 1000);
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_ALL)) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("text", ats));
            ps.setArray(3, c.createArrayOf("varchar", actors));
            ps.setArray(4, c.createArrayOf("varchar", actions));
            ps.setArray(5, c.createArrayOf("varchar", types));
            ps.setArray(6, c.createArrayOf("uuid", objects));
            ps.setArray(7, c.createArrayOf("varchar", from));
            ps.setArray(8, c.createArrayOf("varchar", to));
            ps.setArray(9, c.createArrayOf("varchar", details));
            ps.executeUpdate();
        }
    }

    public List<AuditEntry> history(String objectType, UUID objectId) {
        return list("objectType = ?1 and objectId = ?2", Sort.ascending("at"), objectType, objectId);
    }

    public List<AuditEntry> historyOf(List<UUID> objectIds) {
        return list("objectId in ?1", Sort.ascending("at"), objectIds);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
