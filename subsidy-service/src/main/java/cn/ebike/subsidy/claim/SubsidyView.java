package cn.ebike.subsidy.claim;

import java.time.Instant;
import java.util.UUID;

/** A subsidy as answered (API.md fields first, then a few extras that explain payouts). */
public record SubsidyView(UUID id, UUID tradeInId, UUID ownerId, UUID campaignId, UUID phaseId, SubsidyStatus status,
        Long amountFen, Integer rank, RejectionReason reason, Instant grantedAt, Instant paidAt, int payoutAttempts,
        Instant decidedAt, Instant completedAt, String payoutError, Instant nextPayoutAt, UUID dealerId) {

    public static SubsidyView of(Subsidy s) {
        return new SubsidyView(s.id(), s.tradeInId(), s.ownerId(), s.campaignId(), s.phaseId(), s.status(), s.amountFen(), s.rank(),
                s.reason(), s.grantedAt(), s.paidAt(), s.payoutAttempts(), s.decidedAt(), s.completedAt(), s.payoutError(),
                s.status() == SubsidyStatus.GRANTED || s.status() == SubsidyStatus.PAYING ? s.nextAttemptAt() : null, s.dealerId());
    }
}
