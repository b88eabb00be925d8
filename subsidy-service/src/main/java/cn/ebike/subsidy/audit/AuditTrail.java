package cn.ebike.subsidy.audit;

import cn.ebike.common.audit.AuditWriter;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Every audit row of subsidy-service is written here, through common's {@link AuditWriter} into
 * {@link AuditLog#TABLE} (the rows common's {@code AuditChainSealer} then seals into the hash chain), in the
 * caller's transaction (a state change and its audit row commit together): one at a time ({@link #record}), or
 * a whole decision round's in one multi-row statement on the round's connection ({@link #recordAll}). The rows
 * are read back through JPA ({@link AuditEntry}, {@link #history}).
 */
@ApplicationScoped
public class AuditTrail implements PanacheRepositoryBase<AuditEntry, UUID> {

    public static final String SUBSIDY = "SUBSIDY";
    public static final String PAYOUT = "PAYOUT";
    public static final String CAMPAIGN = "CAMPAIGN";
    public static final String WALLET = "WALLET";

    private final AuditWriter writer;

    public AuditTrail(AuditWriter writer) {
        this.writer = writer;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String action, String objectType, UUID objectId, Enum<?> from, Enum<?> to,
            String detail) {
        writer.write(AuditLog.TABLE, cn.ebike.common.audit.AuditEntry.of(actor, action, objectType, objectId)
                .transition(from, to).detail(detail));
    }

    /** One audit row to write with {@link #recordAll}. */
    public record Change(String actor, String action, String objectType, UUID objectId, Enum<?> from, Enum<?> to,
            String detail) {

        cn.ebike.common.audit.AuditEntry entry(Instant at) {
            return cn.ebike.common.audit.AuditEntry.of(actor, action, objectType, objectId).at(at)
                    .transition(from, to).detail(detail);
        }
    }

    /**
     * Writes these rows, all stamped {@code at}, in ONE statement on {@code c} — the connection (and so the
     * transaction) of the batched writes they record.
     */
    public void recordAll(Connection c, List<Change> changes, Instant at) throws SQLException {
        AuditWriter.writeAll(c, AuditLog.TABLE, changes.stream().map(change -> change.entry(at)).toList());
    }

    public List<AuditEntry> history(String objectType, UUID objectId) {
        return list("objectType = ?1 and objectId = ?2", Sort.ascending("at"), objectType, objectId);
    }

    public List<AuditEntry> historyOf(List<UUID> objectIds) {
        return list("objectId in ?1", Sort.ascending("at"), objectIds);
    }
}
