package cn.ebike.subsidy.claim;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SubsidyRepository implements PanacheRepositoryBase<Subsidy, UUID> {

    public Optional<Subsidy> byTradeIn(UUID tradeInId) {
        return find("tradeInId", tradeInId).firstResultOptional();
    }

    public Optional<Subsidy> forUpdate(UUID id) {
        return Optional.ofNullable(findById(id, LockModeType.PESSIMISTIC_WRITE));
    }
}
