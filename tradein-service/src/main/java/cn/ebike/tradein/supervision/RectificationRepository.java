package cn.ebike.tradein.supervision;

import cn.ebike.tradein.dealer.OpenRectifications;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RectificationRepository implements PanacheRepositoryBase<Rectification, UUID>, OpenRectifications {

    public List<Rectification> ofDealer(UUID dealerId) {
        return find("dealerId = ?1 order by openedAt desc, id", dealerId).list();
    }

    /** How many of the dealer's rectifications are not closed, and how many are. */
    @Override
    public long[] outstandingAndClosed(UUID dealerId) {
        Object[] row = (Object[]) getEntityManager().createQuery(
                        "select coalesce(sum(case when r.status <> ?2 then 1 else 0 end), 0),"
                                + " coalesce(sum(case when r.status = ?2 then 1 else 0 end), 0)"
                                + " from Rectification r where r.dealerId = ?1")
                .setParameter(1, dealerId).setParameter(2, RectificationStatus.CLOSED)
                .getSingleResult();
        return new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()};
    }

    /**
     * The overdue sweep in one statement: every OPEN rectification past its due time becomes OVERDUE. Safe
     * with several instances and idempotent: PostgreSQL locks each row it changes and re-checks
     * {@code status = 'OPEN'} after waiting for a concurrent change, so a row is marked once (a second sweep,
     * here or on another instance, finds nothing), and a submission that locked the row first wins.
     *
     * @return the (rectification id, dealer id) pairs this call marked
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<Object[]> markOverdue() {
        return getEntityManager().createNativeQuery(
                        "UPDATE rectifications SET status = 'OVERDUE', overdue_at = now(), version = version + 1"
                                + " WHERE status = 'OPEN' AND due_at < now() RETURNING id, dealer_id")
                .getResultList();
    }
}
