package cn.ebike.subsidy.claim;

import cn.ebike.subsidy.common.IllegalTransitionException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One claim's outcome, keyed by its trade-in: a grant (with phase, amount and rank) or a rejection
 * (with a reason). Status changes only through the transition methods below.
 */
@Entity
@Table(name = "subsidy")
public class Subsidy {

    @Id
    public UUID id;

    @Column(name = "trade_in_id", nullable = false)
    public UUID tradeInId;

    @Column(name = "owner_id")
    public UUID ownerId;

    @Column(name = "dealer_id")
    public UUID dealerId;

    @Column(name = "old_vehicle_id")
    public UUID oldVehicleId;

    @Column(name = "new_vehicle_id")
    public UUID newVehicleId;

    @Column(name = "campaign_id")
    public UUID campaignId;

    @Column(name = "phase_id")
    public UUID phaseId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SubsidyStatus status;

    @Enumerated(EnumType.STRING)
    public RejectionReason reason;

    @Column(name = "amount_fen")
    public Long amountFen;

    @Column(name = "rank")
    public Integer rank;

    /** The phase's quota, tied to the phase by a foreign key so the database checks rank <= quota. */
    @Column(name = "phase_quota")
    public Integer phaseQuota;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;

    @Column(name = "granted_at")
    public Instant grantedAt;

    @Column(name = "paid_at")
    public Instant paidAt;

    @Column(name = "payout_attempts", nullable = false)
    public int payoutAttempts;

    @Column(name = "round_attempts", nullable = false)
    public int roundAttempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "payout_error")
    public String payoutError;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Only a claim rejected because its trade-in was not completed yet is decided again. */
    public boolean isReevaluable() {
        return status == SubsidyStatus.REJECTED && reason == RejectionReason.TRADE_IN_NOT_COMPLETED;
    }

    /** The facts a decision is recorded with (copied onto the row whatever the outcome). */
    public record Facts(UUID tradeInId, UUID ownerId, UUID dealerId, UUID oldVehicleId, UUID newVehicleId,
            UUID campaignId, UUID phaseId, Instant completedAt) {
    }

    public static Subsidy undecided(UUID tradeInId) {
        Subsidy s = new Subsidy();
        s.id = UUID.randomUUID();
        s.tradeInId = tradeInId;
        return s;
    }

    private void apply(Facts f, Instant now) {
        tradeInId = f.tradeInId();
        ownerId = f.ownerId();
        dealerId = f.dealerId();
        oldVehicleId = f.oldVehicleId();
        newVehicleId = f.newVehicleId();
        campaignId = f.campaignId();
        phaseId = f.phaseId();
        completedAt = f.completedAt();
        decidedAt = now;
        updatedAt = now;
    }

    private void requireDecidable(SubsidyStatus target) {
        if (status != null && !(isReevaluable() && status.canMoveTo(target))) {
            throw new IllegalTransitionException("Subsidy", status, "be decided again");
        }
    }

    public void grant(Facts f, long amount, int slotRank, int quota, Instant now) {
        requireDecidable(SubsidyStatus.GRANTED);
        apply(f, now);
        status = SubsidyStatus.GRANTED;
        reason = null;
        amountFen = amount;
        rank = slotRank;
        phaseQuota = quota;
        grantedAt = now;
    }

    public void reject(Facts f, RejectionReason why, Instant now) {
        requireDecidable(SubsidyStatus.REJECTED);
        apply(f, now);
        status = SubsidyStatus.REJECTED;
        reason = why;
        amountFen = null;
        rank = null;
        phaseQuota = null;
        grantedAt = null;
    }

    private void move(SubsidyStatus target, String what) {
        if (status == null || !status.canMoveTo(target) || status == SubsidyStatus.REJECTED) {
            throw new IllegalTransitionException("Subsidy", status, what);
        }
        status = target;
    }

    /** GRANTED → PAYING: a worker starts paying (first attempt of a round). */
    public void startPayout(Instant now) {
        move(SubsidyStatus.PAYING, "start a payout");
        payoutError = null;
        updatedAt = now;
    }

    /** PAYING → PAID. */
    public void markPaid(Instant at) {
        move(SubsidyStatus.PAID, "be marked paid");
        paidAt = at;
        payoutError = null;
        nextAttemptAt = null;
        updatedAt = Instant.now();
    }

    /** PAYING → FAILED: attempts exhausted and the provider confirmed it holds no payment. */
    public void markFailed(String error, Instant now) {
        move(SubsidyStatus.FAILED, "be marked failed");
        payoutError = error;
        nextAttemptAt = null;
        updatedAt = now;
    }

    /** FAILED → GRANTED: a regulator asks for a new round of attempts. */
    public void retryPayout(Instant now) {
        move(SubsidyStatus.GRANTED, "be retried (only a FAILED payout can)");
        roundAttempts = 0;
        nextAttemptAt = now;
        updatedAt = now;
    }
}
