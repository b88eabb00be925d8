package cn.ebike.tradein.dealer;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DealerRepository implements PanacheRepositoryBase<Dealer, UUID> {

    public Optional<Dealer> findByUscc(String uscc) {
        return find("uscc", uscc).firstResultOptional();
    }

    /** Counts for the regulator's dashboard, in one query. */
    public DealerCounts counts() {
        Object[] row = (Object[]) getEntityManager().createQuery(
                "select count(d), "
                        + "coalesce(sum(case when d.commitmentSignedAt is not null then 1 else 0 end), 0), "
                        + "coalesce(sum(case when d.tradeInEnabled = true then 1 else 0 end), 0), "
                        + "coalesce(sum(case when d.authorizedAgent = true then 1 else 0 end), 0) "
                        + "from Dealer d")
                .getSingleResult();
        return new DealerCounts(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                ((Number) row[2]).longValue(), ((Number) row[3]).longValue());
    }

    public record DealerCounts(long dealers, long commitmentSigned, long tradeInEnabled, long authorizedAgents) {
    }
}
