package cn.ebike.subsidy.campaign;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A district's subsidy campaign: only bikes filed before {@code filedBefore} qualify. Immutable once created. */
@Entity
@Table(name = "campaign")
public class Campaign {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String district;

    @Column(name = "filed_before", nullable = false)
    public Instant filedBefore;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;
}
