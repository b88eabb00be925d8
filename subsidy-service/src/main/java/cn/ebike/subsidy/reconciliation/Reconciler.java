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
import java.util.LinkedHashMap;
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

        public static AttemptLine of(PayoutAttempt a) {
            return new AttemptLine(a.attemptNo, a.kind, a.outcome, a.amountFen, a.walletMasked, a.providerPaymentId,
                    a.startedAt, a.finishedAt, a.error);
        }
    }

    public record ProviderLine(String paymentId, String idempotencyKey, long amountFen, String walletId,
            String reference, Instant paidAt) {

        public static ProviderLine of(ProviderPayment p) {
            return new ProviderLine(p.paymentId(), p.idempotencyKey(), p.amountFen(), p.walletMasked(), p.reference(),
                    p.paidAt());
        }
    }

    public record Line(UUID subsidyId, UUID tradeInId, UUID ownerId, UUID phaseId, Integer rank, SubsidyStatus status,
            long amountFen, Instant grantedAt, Instant paidAt, int payoutAttempts, List<AttemptLine> payouts,
            List<ProviderLine> provider, Set<Mismatch> mismatches) {

        public Line withPayouts(List<AttemptLine> attempts) {
            return new Line(subsidyId, tradeInId, ownerId, phaseId, rank, status, amountFen, grantedAt, paidAt,
                    payoutAttempts, attempts, provider, mismatches);
        }

        /** The same line with what the provider answered when asked again by key (see the service). */
        public Line withProvider(List<ProviderPayment> at) {
            return new Line(subsidyId, tradeInId, ownerId, phaseId, rank, status, amountFen, grantedAt, paidAt,
                    payoutAttempts, payouts, at.stream().map(ProviderLine::of).toList(), mismatchesOf(status, amountFen, at));
        }
    }

    public record Summary(int grants, long grantedFen, int paid, long paidFen, int providerPayments,
            long providerPaidFen, int mismatches) {
    }

    public record Report(UUID campaignId, Instant generatedAt, String provider, Summary summary, List<Line> items,
            List<ProviderLine> unknownProviderPayments) {
    }

    /**
     * What is wrong with one grant, given the provider's payments under its key (the grant id).
     */
    public static Set<Mismatch> mismatchesOf(SubsidyStatus status, long amountFen, List<ProviderPayment> at) {
        Set<Mismatch> m = EnumSet.noneOf(Mismatch.class);
        if (status == SubsidyStatus.PAID && at.isEmpty()) {
            m.add(Mismatch.PAID_NOT_AT_PROVIDER);
        }
        if (status != SubsidyStatus.PAID && !at.isEmpty()) {
            m.add(Mismatch.PROVIDER_PAID_NOT_RECORDED);
        }
        if (at.size() > 1) {
            m.add(Mismatch.PAID_TWICE_AT_PROVIDER);
        }
        if (at.stream().anyMatch(p -> p.amountFen() != amountFen)) {
            m.add(Mismatch.AMOUNT_MISMATCH);
        }
        return m;
    }

    /** A grant's line (without its payout attempts, which only a page of the JSON carries). */
    public static Line line(Subsidy g, List<ProviderPayment> at) {
        return new Line(g.id(), g.tradeInId(), g.ownerId(), g.phaseId(), g.rank(), g.status(), g.amountFen(), g.grantedAt(),
                g.paidAt(), g.payoutAttempts(), List.of(), at.stream().map(ProviderLine::of).toList(),
                mismatchesOf(g.status(), g.amountFen(), at));
    }

    /**
     * The provider's payments left once every grant of the campaign took its own: those that belong to no grant we
     * know (a payment naming another campaign, or keyed by another campaign's grant, is that campaign's business).
     */
    public static List<ProviderLine> unknown(UUID campaignId, Iterable<ProviderPayment> leftOver, Set<String> otherGrantIds,
            Set<String> otherCampaignIds) {
        String reference = campaignId.toString();
        List<ProviderLine> unknown = new ArrayList<>();
        for (ProviderPayment p : leftOver) {
            if (otherGrantIds.contains(p.idempotencyKey())) {
                continue;
            }
            // a payment naming another campaign is flagged in that campaign's report; a payment naming
            // this campaign, or no campaign we know, is flagged here
            if (p.reference() == null || p.reference().equals(reference) || !otherCampaignIds.contains(p.reference())) {
                unknown.add(ProviderLine.of(p));
            }
        }
        return unknown;
    }

    /** The campaign's totals, added up line by line (so that a report streamed in chunks still has them whole). */
    public static final class Tally {
        private int grants;
        private long grantedFen;
        private int paid;
        private long paidFen;
        private int providerPayments;
        private long providerPaidFen;
        private int mismatches;

        public void add(Line l) {
            grants++;
            grantedFen = Money.plus(grantedFen, l.amountFen());
            if (l.status() == SubsidyStatus.PAID) {
                paid++;
                paidFen = Money.plus(paidFen, l.amountFen());
            }
            for (ProviderLine p : l.provider()) {
                providerPayments++;
                providerPaidFen = Money.plus(providerPaidFen, p.amountFen());
            }
            if (!l.mismatches().isEmpty()) {
                mismatches++;
            }
        }

        public void addUnknown(ProviderLine p) {
            providerPayments++;
            providerPaidFen = Money.plus(providerPaidFen, p.amountFen());
            mismatches++;
        }

        public Summary summary() {
            return new Summary(grants, grantedFen, paid, paidFen, providerPayments, providerPaidFen, mismatches);
        }
    }

    /**
     * The whole report at once, for a list of grants already in memory (the tests' reference; the service streams
     * the same steps in chunks).
     *
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
            attemptsBy.computeIfAbsent(a.subsidyId, k -> new ArrayList<>()).add(AttemptLine.of(a));
        }
        Map<String, List<ProviderPayment>> paymentsByKey = new LinkedHashMap<>();
        for (ProviderPayment p : statement) {
            paymentsByKey.computeIfAbsent(p.idempotencyKey(), k -> new ArrayList<>()).add(p);
        }
        Tally tally = new Tally();
        List<Line> lines = new ArrayList<>();
        for (Subsidy g : grants) {
            List<ProviderPayment> at = paymentsByKey.remove(g.id().toString());
            Line l = line(g, at == null ? List.of() : at).withPayouts(attemptsBy.getOrDefault(g.id(), List.of()));
            tally.add(l);
            lines.add(l);
        }
        List<ProviderLine> unknown = unknown(campaignId,
                paymentsByKey.values().stream().flatMap(List::stream).toList(), otherGrantIds, otherCampaignIds);
        unknown.forEach(tally::addUnknown);
        return new Report(campaignId, now, providerName, tally.summary(), lines, unknown);
    }

}
