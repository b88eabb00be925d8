package cn.ebike.tradein.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One state change of a dealer or trade-in, as read back (common's {@code AuditWriter} writes them). */
@Entity
@Table(name = "audit_entries")
public class AuditEntry {

    @Id
    UUID id;

    @Column(nullable = false)
    Instant at;

    @Column(nullable = false)
    String actor;

    @Column(name = "actor_name")
    String actorName;

    @Column(nullable = false)
    String action;

    @Column(name = "object_type", nullable = false)
    String objectType;

    @Column(name = "object_id", nullable = false)
    UUID objectId;

    @Column(name = "from_status")
    String fromStatus;

    @Column(name = "to_status")
    String toStatus;

    String detail;

    protected AuditEntry() {
    }

    public AuditView view() {
        return new AuditView(at, actor, actorName, action, fromStatus, toStatus, detail);
    }

    /** An audit row as the history endpoints show it. */
    public record AuditView(Instant at, String actor, String actorName, String action, String fromStatus,
            String toStatus, String detail) {
    }
}
