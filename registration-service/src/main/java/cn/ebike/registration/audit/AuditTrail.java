package cn.ebike.registration.audit;

import cn.ebike.common.audit.AuditWriter;
import cn.ebike.common.security.Caller;
import cn.ebike.registration.common.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Writes audit rows through common's {@link AuditWriter} inside the caller's transaction ({@code MANDATORY}): an
 * audit row exists exactly when the change it describes was committed.
 */
@ApplicationScoped
public class AuditTrail {

    public static final String VEHICLE = "VEHICLE";
    public static final String PLATE = "PLATE";
    public static final String OWNER = "OWNER";

    private final AuditWriter writer;

    private final Caller caller;

    public AuditTrail(AuditWriter writer, Caller caller) {
        this.writer = writer;
        this.caller = caller;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String objectType, Object objectId, UUID vehicleId, Enum<?> from, Enum<?> to,
            String detail) {
        writer.write(AuditLog.TABLE, cn.ebike.common.audit.AuditEntry.of(caller.subject(), action, objectType, objectId)
                .at(Times.now())
                .transition(from, to)
                .detail(detail)
                .with("actor_role", caller.role())
                .with("vehicle_id", vehicleId));
    }
}
