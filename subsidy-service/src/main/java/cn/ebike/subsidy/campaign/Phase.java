package cn.ebike.subsidy.campaign;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A phase of a campaign: the half-open window [startsAt, endsAt), the amount paid per grant and the
 * quota. {@code granted} counts committed grants and is only ever changed by the count guard of
 * {@link cn.ebike.subsidy.claim.DecisionWriter}, inside the grants' own transaction.
 */
@Entity
@Table(name = "phase")
public class Phase {

    @Id
    public UUID id;

    @Column(name = "campaign_id", nullable = false)
    public UUID campaignId;

    @Column(nullable = false)
    public int seq;

    @Column(nullable = false)
    public String name;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Column(name = "amount_fen", nullable = false)
    public long amountFen;

    @Column(nullable = false)
    public int quota;

    @Column(nullable = false)
    public int granted;

    /** Half-open: the start instant belongs to the phase, the end instant to whatever follows. */
    public boolean contains(Instant t) {
        return !t.isBefore(startsAt) && t.isBefore(endsAt);
    }

    public int remaining() {
        return Math.max(0, quota - granted);
    }
}
