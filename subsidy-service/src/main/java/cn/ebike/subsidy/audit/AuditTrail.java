package cn.ebike.subsidy.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Writes audit rows in the caller's transaction (MANDATORY: a state change and its audit row commit together). */
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
