package cn.ebike.tradein.audit;

import cn.ebike.common.audit.AuditWriter;
import cn.ebike.tradein.common.Times;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * Writes audit rows (through common's {@link AuditWriter}) and reads them back. {@link Transactional.TxType#MANDATORY}: an audit row is only ever written inside the
 * transaction of the change it records, so the two commit or roll back together.
 */
@ApplicationScoped
public class AuditTrail implements PanacheRepositoryBase<AuditEntry, UUID> {

    public static final String DEALER = "DEALER";
    public static final String TRADE_IN = "TRADE_IN";
    public static final String INSPECTION = "INSPECTION";
    public static final String RECTIFICATION = "RECTIFICATION";

    private final AuditWriter writer;

    public AuditTrail(AuditWriter writer) {
        this.writer = writer;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Actor actor, String action, String objectType, UUID objectId, String fromStatus,
            String toStatus, String detail) {
        writer.write(AuditLog.TABLE, cn.ebike.common.audit.AuditEntry.of(actor.subject(), action, objectType, objectId)
                .at(Times.now()).transition(fromStatus, toStatus).detail(detail).with("actor_name", actor.name()));
    }

    public List<AuditEntry.AuditView> history(String objectType, UUID objectId) {
        return find("objectType = ?1 and objectId = ?2 order by at, id", objectType, objectId)
                .stream().map(AuditEntry::view).toList();
    }
}
