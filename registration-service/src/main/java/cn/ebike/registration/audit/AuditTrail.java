package cn.ebike.registration.audit;

import cn.ebike.registration.common.Times;
import cn.ebike.common.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Writes audit rows inside the caller's transaction ({@code MANDATORY}): an audit row exists exactly
 * when the change it describes was committed.
 */
@ApplicationScoped
public class AuditTrail {

    public static final String VEHICLE = "VEHICLE";
    public static final String PLATE = "PLATE";
    public static final String OWNER = "OWNER";

    @Inject
    AuditRepository repository;

    @Inject
    Caller caller;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String objectType, Object objectId, UUID vehicleId, Enum<?> from, Enum<?> to,
            String detail) {
        AuditEntry entry = new AuditEntry();
        entry.at = Times.now();
        entry.actor = truncate(caller.subject(), 100);
        entry.actorRole = caller.role();
        entry.action = action;
        entry.objectType = objectType;
        entry.objectId = String.valueOf(objectId);
        entry.vehicleId = vehicleId;
        entry.fromStatus = from == null ? null : from.name();
        entry.toStatus = to == null ? null : to.name();
        entry.detail = truncate(detail, 1000);
        repository.persist(entry);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
