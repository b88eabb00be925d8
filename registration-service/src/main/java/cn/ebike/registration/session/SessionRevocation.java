package cn.ebike.registration.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** "End every session of this owner" on its way to the gateway (outbox row, see {@link SessionRevocationRelay}). */
@Entity
@Table(name = "session_revocations")
public class SessionRevocation {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String subject;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "last_error")
    public String lastError;
}
