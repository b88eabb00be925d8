package cn.ebike.tradein.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The claim of one completed trade-in, waiting for (or already in) subsidy-service. Written in the same
 * transaction as the completion; moved afterwards only by {@link ClaimRelay} through
 * {@link ClaimOutboxRepository}'s short, lock-free-over-HTTP statements.
 */
@Entity
@Table(name = "claim_outbox")
public class ClaimOutbox {

    @Id
    UUID id;

    @Column(name = "trade_in_id", nullable = false)
    UUID tradeInId;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(nullable = false)
    int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    Instant lastAttemptAt;

    @Column(name = "last_status")
    Integer lastStatus;

    @Column(name = "last_error")
    String lastError;

    @Column(name = "delivered_at")
    Instant deliveredAt;

    protected ClaimOutbox() {
    }

    public static ClaimOutbox forTradeIn(UUID tradeInId, Instant now) {
        ClaimOutbox claim = new ClaimOutbox();
        claim.id = UUID.randomUUID();
        claim.tradeInId = tradeInId;
        claim.createdAt = now;
        claim.nextAttemptAt = now;
        return claim;
    }

    public ClaimView view() {
        return new ClaimView(id, tradeInId, createdAt, attempts, lastAttemptAt, nextAttemptAt, lastStatus, lastError,
                deliveredAt, deliveredAt != null);
    }

    /** A claim as the regulator's claim list shows it. */
    public record ClaimView(UUID id, UUID tradeInId, Instant createdAt, int attempts, Instant lastAttemptAt,
            Instant nextAttemptAt, Integer lastStatus, String lastError, Instant deliveredAt, boolean delivered) {
    }
}
