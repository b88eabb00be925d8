package cn.ebike.subsidy.audit;

import cn.ebike.common.audit.AuditChain;
import cn.ebike.common.audit.AuditTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * This service's audit table as common's audit mechanisms see it: {@link #TABLE} for the rows common's
 * {@code AuditWriter} writes, {@link #CHAIN} for the columns the hash chain covers (sealed every second by
 * common's {@code AuditChainSealer}, which finds the chain through the producer below).
 */
@ApplicationScoped
public class AuditLog {

    public static final AuditTable TABLE = new AuditTable("audit_entry", false, "uuid", 200, "system", List.of());

    public static final AuditChain.Table CHAIN = new AuditChain.Table("subsidy-service", "audit_entry", "id",
            List.of("at", "actor", "action", "object_type", "object_id", "from_status", "to_status",
            "detail"));

    @Produces
    @Singleton
    AuditChain chain() {
        return new AuditChain(CHAIN);
    }
}
