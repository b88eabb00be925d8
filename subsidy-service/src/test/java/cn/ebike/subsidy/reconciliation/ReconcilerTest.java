package cn.ebike.subsidy.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.subsidy.claim.Subsidy;
import cn.ebike.subsidy.claim.SubsidyStatus;
import cn.ebike.subsidy.payout.PayoutProvider.ProviderPayment;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    final UUID campaign = UUID.randomUUID();

    Subsidy grant(SubsidyStatus status) {
        // built through the entity's transitions, as the service builds them
        Subsidy.Facts f = new Subsidy.Facts(UUID.randomUUID(), UUID.randomUUID(), null, null, null, campaign,
                UUID.randomUUID(), null);
        Subsidy s = Subsidy.undecided(f.tradeInId());
        s.grant(f, 30000L, 1, 10, Instant.now());
        if (status != SubsidyStatus.GRANTED) {
            s.startPayout(Instant.now());
        }
        if (status == SubsidyStatus.PAID) {
            s.markPaid(Instant.now());
        } else if (status == SubsidyStatus.FAILED) {
            s.markFailed("declined", Instant.now());
        }
        assertThat(s.status()).isEqualTo(status);
        return s;
    }

    ProviderPayment paid(String key, long amount, String reference) {
        return new ProviderPayment(UUID.randomUUID().toString(), key, amount, "0021****", reference, Instant.now());
    }

    Reconciler.Report run(List<Subsidy> grants, List<ProviderPayment> statement, Set<String> otherGrants,
            Set<String> otherCampaigns) {
        return Reconciler.reconcile(campaign, "sandbox", grants, List.of(), statement, otherGrants, otherCampaigns,
                Instant.now());
    }

    Reconciler.Line line(Reconciler.Report r, Subsidy s) {
        return r.items().stream().filter(l -> l.subsidyId().equals(s.id())).findFirst().orElseThrow();
    }

    @Test
    void matchingPaymentsRaiseNothing() {
        Subsidy a = grant(SubsidyStatus.PAID);
        Subsidy b = grant(SubsidyStatus.GRANTED);
        Reconciler.Report r = run(List.of(a, b), List.of(paid(a.id().toString(), 30000, campaign.toString())), Set.of(),
                Set.of());
        assertThat(r.summary().mismatches()).isZero();
        assertThat(r.summary().paidFen()).isEqualTo(30000);
        assertThat(r.summary().grantedFen()).isEqualTo(60000);
        assertThat(r.summary().providerPaidFen()).isEqualTo(30000);
    }

    @Test
    void everyKindOfMismatchIsFlagged() {
        Subsidy paidHereOnly = grant(SubsidyStatus.PAID);
        Subsidy paidThereOnly = grant(SubsidyStatus.FAILED);
        Subsidy paidTwice = grant(SubsidyStatus.PAID);
        Subsidy wrongAmount = grant(SubsidyStatus.PAID);
        ProviderPayment stray = paid(UUID.randomUUID().toString(), 100, campaign.toString());
        Reconciler.Report r = run(List.of(paidHereOnly, paidThereOnly, paidTwice, wrongAmount), List.of(
                paid(paidThereOnly.id().toString(), 30000, campaign.toString()),
                paid(paidTwice.id().toString(), 30000, campaign.toString()),
                paid(paidTwice.id().toString(), 30000, campaign.toString()),
                paid(wrongAmount.id().toString(), 29999, campaign.toString()),
                stray), Set.of(), Set.of());
        assertThat(line(r, paidHereOnly).mismatches()).containsExactly(Mismatch.PAID_NOT_AT_PROVIDER);
        assertThat(line(r, paidThereOnly).mismatches()).containsExactly(Mismatch.PROVIDER_PAID_NOT_RECORDED);
        assertThat(line(r, paidTwice).mismatches()).containsExactly(Mismatch.PAID_TWICE_AT_PROVIDER);
        assertThat(line(r, wrongAmount).mismatches()).containsExactly(Mismatch.AMOUNT_MISMATCH);
        assertThat(r.unknownProviderPayments()).extracting(Reconciler.ProviderLine::paymentId)
                .containsExactly(stray.paymentId());
        assertThat(r.summary().mismatches()).isEqualTo(5);
    }

    @Test
    void anotherCampaignsPaymentsAreLeftToThatCampaign() {
        String otherCampaign = UUID.randomUUID().toString();
        String otherGrant = UUID.randomUUID().toString();
        ProviderPayment theirs = paid(otherGrant, 20000, otherCampaign);
        ProviderPayment strayForThem = paid(UUID.randomUUID().toString(), 20000, otherCampaign);
        ProviderPayment unattributed = paid(UUID.randomUUID().toString(), 20000, null);
        Reconciler.Report r = run(List.of(), List.of(theirs, strayForThem, unattributed), Set.of(otherGrant),
                Set.of(otherCampaign));
        assertThat(r.unknownProviderPayments()).extracting(Reconciler.ProviderLine::paymentId)
                .containsExactly(unattributed.paymentId());
    }

    @Test
    void csvQuotesAndDefusesFormulas() {
        assertThat(ReconciliationCsv.cell("plain")).isEqualTo("plain");
        assertThat(ReconciliationCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReconciliationCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReconciliationCsv.cell("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        assertThat(ReconciliationCsv.cell("-1")).isEqualTo("'-1");
    }

    @Test
    void csvHasOneLinePerGrantAndPerUnknownPayment() {
        Subsidy a = grant(SubsidyStatus.PAID);
        Reconciler.Report r = run(List.of(a), List.of(paid(a.id().toString(), 30000, campaign.toString()),
                paid("stray-key", 5, campaign.toString())), Set.of(), Set.of());
        String[] lines = ReconciliationCsv.write(r).split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo(ReconciliationCsv.HEADER);
        assertThat(lines[1]).startsWith(a.id() + ",").contains(",30000,300.00,");
        assertThat(lines[2]).endsWith("PROVIDER_PAYMENT_FOR_UNKNOWN_GRANT key=stray-key");
    }
}
