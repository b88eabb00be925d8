package cn.ebike.registration.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One state change: who, when, what, on which object, from which status to which. Append-only. */
@Entity
@Table(name = "audit_entries")
public class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false, length = 100)
    public String actor;

    @Column(name = "actor_role", length = 20)
    public String actorRole;

    @Column(nullable = false, length = 40)
    public String action;

    @Column(name = "object_type", nullable = false, length = 20)
    public String objectType;

    @Column(name = "object_id", nullable = false, length = 64)
    public String objectId;

    /** Set for rows about a vehicle or its plates: the vehicle's history reads by it. */
    @Column(name = "vehicle_id")
    public UUID vehicleId;

    @Column(name = "from_status", length = 20)
    public String fromStatus;

    @Column(name = "to_status", length = 20)
    public String toStatus;

    @Column(length = 1000)
    public String detail;
}
