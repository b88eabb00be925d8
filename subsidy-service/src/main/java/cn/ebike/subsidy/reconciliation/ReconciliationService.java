package cn.ebike.subsidy.reconciliation;

import cn.ebike.subsidy.campaign.Campaign;
import cn.ebike.subsidy.campaign.CampaignRepository;
import cn.ebike.subsidy.claim.Subsidy;
import cn.ebike.subsidy.claim.SubsidyRepository;
import cn.ebike.subsidy.claim.SubsidyStatus;
import cn.ebike.common.problem.ApiException;
import cn.ebike.subsidy.payout.PayoutLedger;
import cn.ebike.subsidy.payout.PayoutProvider;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class ReconciliationService {

    private final CampaignRepository campaigns;
    private final SubsidyRepository subsidies;
    private final PayoutLedger ledger;
    private final PayoutProvider provider;

    public ReconciliationService(CampaignRepository campaigns, SubsidyRepository subsidies, PayoutLedger ledger,
            PayoutProvider provider) {
        this.campaigns = campaigns;
        this.subsidies = subsidies;
        this.ledger = ledger;
        this.provider = provider;
    }

    @SuppressWarnings("unchecked")
    public Reconciler.Report reconcile(UUID campaignId) {
        Instant now = Instant.now();
        record Ours(Campaign campaign, List<Subsidy> grants, Set<String> otherCampaigns) {
        }
        Ours ours = QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = campaigns.findByIdOptional(campaignId).orElseThrow(() -> ApiException.notFound("Campaign"));
            List<Subsidy> grants = subsidies.list("campaignId = ?1 and status <> ?2",
                    Sort.ascending("phaseId", "rank"), campaignId, SubsidyStatus.REJECTED);
            Set<String> others = new HashSet<>();
            campaigns.getEntityManager().createNativeQuery("select cast(id as varchar) from campaign where id <> :c")
                    .setParameter("c", campaignId).getResultList().forEach(o -> others.add(o.toString()));
            return new Ours(c, grants, others);
        });
        // the provider's statement is read after our rows: a payment made in between shows as
        // PROVIDER_PAID_NOT_RECORDED for a grant that is still PAYING, never the other way round
        List<PayoutProvider.ProviderPayment> statement = provider.statement(ours.campaign().createdAt, now.plusSeconds(1));
        Set<String> ourIds = new HashSet<>();
        ours.grants().forEach(g -> ourIds.add(g.id().toString()));
        List<String> keysNotOurs = statement.stream().map(PayoutProvider.ProviderPayment::idempotencyKey)
                .filter(k -> !ourIds.contains(k))
                .distinct()
                .toList();
        Set<String> otherGrants = new HashSet<>();
        // in chunks: a statement can name more keys than one query may bind
        for (int from = 0; from < keysNotOurs.size(); from += 1000) {
            List<String> chunk = keysNotOurs.subList(from, Math.min(keysNotOurs.size(), from + 1000));
            QuarkusTransaction.requiringNew().run(() -> campaigns.getEntityManager()
                    .createNativeQuery("select cast(id as varchar) from subsidy where cast(id as varchar) in (:k) and campaign_id <> :c")
                    .setParameter("k", chunk)
                    .setParameter("c", campaignId)
                    .getResultList().forEach(o -> otherGrants.add(o.toString())));
        }
        return Reconciler.reconcile(campaignId, provider.name(), ours.grants(), ledger.attemptsOfCampaign(campaignId),
                statement, otherGrants, ours.otherCampaigns(), now);
    }
}
