package cn.ebike.subsidy.campaign;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class CampaignRepository implements PanacheRepositoryBase<Campaign, UUID> {

    /** Takes the district's advisory lock until the end of the transaction: its campaigns are created one at a time. */
    void lockDistrict(String district) {
        getEntityManager()
                .createNativeQuery("select count(*) from pg_advisory_xact_lock(hashtextextended('subsidy-campaign-district:' || :d, 0))")
                .setParameter("d", district)
                .getSingleResult();
    }
}
