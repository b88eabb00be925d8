package cn.ebike.subsidy.reconciliation;

import cn.ebike.subsidy.claim.Subsidy;
import cn.ebike.subsidy.claim.SubsidyStatus;
import cn.ebike.subsidy.common.Money;
import cn.ebike.subsidy.payout.PayoutAttempt;
import cn.ebike.subsidy.payout.PayoutProvider.ProviderPayment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Matches a campaign's grants and payout attempts with the provider's statement (pure: no I/O). */
public final class Reconciler {

    private Reconciler() {
    }

    public record AttemptLine(int attemptNo, PayoutAttempt.Kind kind, PayoutAttempt.Outcome outcome, long amountFen,
            String walletId, String providerPaymentId, Instant startedAt, Instant finishedAt, String error) {
    }

    public record ProviderLine(String paymentId, String idempotencyKey, long amountFen, String walletId,
            String reference, Instant paidAt) {

        static ProviderLine of(ProviderPayment p) {
            return new ProviderLine(p.paymentId(), p.idempotencyKey(), p.amountFen(), p.walletMasked(), p.reference(),
                    p.paidAt());
        }
    }

    public record Line(UUID subsidyId, UUID tradeInId, UUID ownerId, UUID phaseId, Integer rank, SubsidyStatus status,
            long amountFen, Instant grantedAt, Instant paidAt, int payoutAttempts, List<AttemptLine> payouts,
            List<ProviderLine> provider, Set<Mismatch> mismatches) {
    }

    public record Summary(int grants, long grantedFen, int paid, long paidFen, int providerPayments,
            long providerPaidFen, int mismatches) {
    }

    public record Report(UUID campaignId, Instant generatedAt, String provider, Summary summary, List<Line> items,
            List<ProviderLine> unknownProviderPayments) {
    }

    /**
     * @param grants          the campaign's grants (any status but REJECTED)
     * @param attempts        their payout attempts
     * @param statement       the provider's statement (may hold other campaigns' payments)
     * @param otherGrantIds   ids of grants of other campaigns among the statement's keys (not flagged here)
     * @param otherCampaignIds ids of the other campaigns
     */
    public static Report reconcile(UUID campaignId, String providerName, List<Subsidy> grants,
            List<PayoutAttempt> attempts, List<ProviderPayment> statement, Set<String> otherGrantIds, Set<String> otherCampaignIds,
            Instant now) {
        Map<UUID, List<AttemptLine>> attemptsBy = new HashMap<>();
        for (PayoutAttempt a : attempts) {
            attemptsBy.computeIfAbsent(a.subsidyId, k -> new ArrayList<>()).add(new AttemptLine(a.attemptNo, a.kind,
                    a.outcome, a.amountFen, a.walletMasked, a.providerPaymentId, a.startedAt, a.finishedAt, a.error));
        }
        Map<String, List<ProviderPayment>> paymentsByKey = new HashMap<>();
        for (ProviderPayment p : statement) {
            paymentsByKey.computeIfAbsent(p.idempotencyKey(), k -> new ArrayList<>()).add(p);
        }
        List<Line> lines = new ArrayList<>();
        long grantedFen = 0;
        long paidFen = 0;
        long providerFen = 0;
        int paid = 0;
        int providerCount = 0;
        int flagged = 0;
        for (Subsidy g : grants) {
            List<ProviderPayment> at = paymentsByKey.getOrDefault(g.id().toString(), List.of());
            Set<Mismatch> m = EnumSet.noneOf(Mismatch.class);
            if (g.status() == SubsidyStatus.PAID && at.isEmpty()) {
                m.add(Mismatch.PAID_NOT_AT_PROVIDER);
            }
            if (g.status() != SubsidyStatus.PAID && !at.isEmpty()) {
                m.add(Mismatch.PROVIDER_PAID_NOT_RECORDED);
            }
            if (at.size() > 1) {
                m.add(Mismatch.PAID_TWICE_AT_PROVIDER);
            }
            if (at.stream().anyMatch(p -> p.amountFen() != g.amountFen())) {
                m.add(Mismatch.AMOUNT_MISMATCH);
            }
            grantedFen = Money.plus(grantedFen, g.amountFen());
            if (g.status() == SubsidyStatus.PAID) {
                paid++;
                paidFen = Money.plus(paidFen, g.amountFen());
            }
            for (ProviderPayment p : at) {
                providerCount++;
                providerFen = Money.plus(providerFen, p.amountFen());
            }
            if (!m.isEmpty()) {
                flagged++;
            }
            lines.add(new Line(g.id(), g.tradeInId(), g.ownerId(), g.phaseId(), g.rank(), g.status(), g.amountFen(), g.grantedAt(),
                    g.paidAt(), g.payoutAttempts(), attemptsBy.getOrDefault(g.id(), List.of()),
                    at.stream().map(ProviderLine::of).toList(), m));
        }
        Set<String> ours = new java.util.HashSet<>();
        grants.forEach(g -> ours.add(g.id().toString()));
        String reference = campaignId.toString();
        List<ProviderLine> unknown = statement.stream()
                .filter(p -> !ours.contains(p.idempotencyKey()) && !otherGrantIds.contains(p.idempotencyKey()))
                // a payment naming another campaign is flagged in that campaign's report; a payment naming
                // this campaign, or no campaign we know, is flagged here
                .filter(p -> p.reference() == null || p.reference().equals(reference)
                        || !otherCampaignIds.contains(p.reference()))
                .map(ProviderLine::of)
                .toList();
        for (ProviderLine p : unknown) {
            providerCount++;
            providerFen = Money.plus(providerFen, p.amountFen());
        }
        flagged += unknown.size();
        return new Report(campaignId, now, providerName,
                new Summary(grants.size(), grantedFen, paid, paidFen, providerCount, providerFen, flagged), lines, unknown);
    }

}
