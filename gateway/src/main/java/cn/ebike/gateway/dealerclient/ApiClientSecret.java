package cn.ebike.gateway.dealerclient;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One secret of a client; only its SHA-256 digest is kept. Two may be live at once (rotation). */
@Entity
@Table(name = "api_client_secret")
public class ApiClientSecret {

    @Id
    public UUID id;

    @Column(name = "client", nullable = false)
    public UUID client;

    /** 1 or 2: a partial unique index keeps one live secret per slot. */
    @Column(nullable = false)
    public short slot;

    @Column(name = "secret_hash", nullable = false, length = 64)
    public String secretHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false, length = 200)
    public String createdBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by", length = 200)
    public String revokedBy;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
