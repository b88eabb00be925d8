package cn.ebike.gateway.dealerclient;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A dealer's API client: shop software that obtains DEALER tokens with client credentials. */
@Entity
@Table(name = "api_client")
public class ApiClient {

    @Id
    public UUID id;

    /** The public identifier the software sends as {@code client_id}: {@code dc_} and 20 letters or digits. */
    @Column(name = "client_id", nullable = false, length = 64)
    public String clientId;

    @Column(name = "dealer_id", nullable = false)
    public UUID dealerId;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(name = "rate_limit_per_minute", nullable = false)
    public int rateLimitPerMinute;

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
