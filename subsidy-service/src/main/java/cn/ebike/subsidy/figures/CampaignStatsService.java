package cn.ebike.subsidy.figures;

import cn.ebike.subsidy.campaign.CampaignRepository;
import cn.ebike.subsidy.campaign.Phase;
import cn.ebike.subsidy.campaign.PhaseRepository;
import cn.ebike.subsidy.claim.RejectionReason;
import cn.ebike.subsidy.common.Money;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Per phase quota burn-down and payouts, and rejections by reason, counted from the grant rows. */
@ApplicationScoped
public class CampaignStatsService {

    private final CampaignRepository campaigns;
    private final PhaseRepository phases;

    public CampaignStatsService(CampaignRepository campaigns, PhaseRepository phases) {
        this.campaigns = campaigns;
        this.phases = phases;
    }

    private record Counts(long rows, long fen) {
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<CampaignStats> stats(UUID campaignId) {
        if (campaigns.findByIdOptional(campaignId).isEmpty()) {
            return Optional.empty();
        }
        List<Object[]> byStatus = phases.getEntityManager().createNativeQuery("""
                select phase_id, status, count(*), coalesce(sum(amount_fen), 0)
                from subsidy where campaign_id = :c and status <> 'REJECTED' group by phase_id, status
                """).setParameter("c", campaignId).getResultList();
        Map<UUID, Map<String, Counts>> counts = new HashMap<>();
        for (Object[] r : byStatus) {
            counts.computeIfAbsent((UUID) r[0], k -> new HashMap<>())
                    .put((String) r[1], new Counts(((Number) r[2]).longValue(), ((Number) r[3]).longValue()));
        }
        List<CampaignStats.PhaseStats> out = new ArrayList<>();
        for (Phase p : phases.ofCampaign(campaignId)) {
            Map<String, Counts> c = counts.getOrDefault(p.id, Map.of());
            long granted = 0;
            long grantedFen = 0;
            for (Counts x : c.values()) {
                granted += x.rows();
                grantedFen = Money.plus(grantedFen, x.fen());
            }
            Counts paid = c.getOrDefault("PAID", new Counts(0, 0));
            Counts failed = c.getOrDefault("FAILED", new Counts(0, 0));
            out.add(new CampaignStats.PhaseStats(p.id, p.name, p.amountFen, p.quota, granted,
                    Math.max(0, p.quota - granted), paid.rows(), failed.rows(), grantedFen, paid.fen()));
        }
        Map<String, Long> rejected = new LinkedHashMap<>();
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(reason.name(), 0L);
        }
        List<Object[]> byReason = phases.getEntityManager().createNativeQuery("""
                select reason, count(*) from subsidy where campaign_id = :c and status = 'REJECTED' group by reason
                """).setParameter("c", campaignId).getResultList();
        for (Object[] r : byReason) {
            rejected.put((String) r[0], ((Number) r[1]).longValue());
        }
        return Optional.of(new CampaignStats(out, rejected));
    }
}
