package cn.ebike.subsidy.campaign;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PhaseRepository implements PanacheRepositoryBase<Phase, UUID> {

    public List<Phase> ofCampaign(UUID campaignId) {
        return list("campaignId", Sort.ascending("startsAt"), campaignId);
    }

    public List<Phase> ofCampaigns(Collection<UUID> campaignIds) {
        if (campaignIds.isEmpty()) {
            return List.of();
        }
        return list("campaignId in ?1", Sort.ascending("startsAt"), campaignIds);
    }
}
