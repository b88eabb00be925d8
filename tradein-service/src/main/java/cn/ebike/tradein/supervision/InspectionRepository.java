package cn.ebike.tradein.supervision;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class InspectionRepository implements PanacheRepositoryBase<Inspection, UUID> {

    /** pg advisory lock key of the daily regrade (one instance at a time; "regrade" in ASCII) */
    static final long REGRADE_LOCK = 0x7265677261646545L;

    /** Takes the daily regrade's advisory lock until the end of the transaction; false when another holds it. */
    boolean tryRegradeLock() {
        Object got = getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, REGRADE_LOCK).getSingleResult();
        return Boolean.TRUE.equals(got);
    }
}
