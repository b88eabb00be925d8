package cn.ebike.subsidy.claim;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
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

    /**
     * Up to {@code limit} grants due for payout at {@code now} (GRANTED, or PAYING with a lapsed lease) whose owner
     * has bound a wallet, oldest first, locked for this transaction; rows another worker holds are skipped.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> lockDueForPayout(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                select s.id from subsidy s
                where s.status in ('GRANTED', 'PAYING')
                  and (s.next_attempt_at is null or s.next_attempt_at <= :now)
                  and exists (select 1 from wallet w where w.owner_id = s.owner_id)
                order by coalesce(s.next_attempt_at, s.granted_at), s.id
                limit :n
                for update of s skip locked
                """)
                .setParameter("now", now)
                .setParameter("n", limit)
                .getResultList();
    }
}
