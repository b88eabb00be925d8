package cn.ebike.tradein.outbox;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The outbox's SQL. Every method is its own short transaction (or joins the caller's), and none of them
 * is ever open while an HTTP call is in flight: see {@link ClaimRelay} for why that is safe.
 */
@ApplicationScoped
public class ClaimOutboxRepository implements PanacheRepositoryBase<ClaimOutbox, UUID> {

    /** A claim this instance has taken and may now deliver ({@code createdAt} = the trade-in's completion). */
    public record Lease(UUID id, UUID tradeInId, int attempts, Instant createdAt) {
    }

    /** A claim whose delivery attempt failed: what happened and when to try again. */
    public record Failure(UUID id, Integer status, String error, Duration retryIn) {
    }

    /**
     * Takes up to {@code limit} due claims for this instance: locks them with {@code FOR UPDATE SKIP LOCKED}
     * (another instance's batch in progress is skipped, not waited for), counts the attempt and pushes
     * {@code next_attempt_at} out by the lease, and commits at once. Until the lease runs out no other
     * instance sees these claims as due, although no lock is held any more.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public List<Lease> lease(int limit, Duration lease) {
        List<Object[]> rows = getEntityManager().createNativeQuery(
                        "UPDATE claim_outbox SET attempts = attempts + 1, last_attempt_at = now(),"
                                + " next_attempt_at = now() + (?1 * interval '1 millisecond')"
                                + " WHERE id IN (SELECT id FROM claim_outbox"
                                + "   WHERE delivered_at IS NULL AND next_attempt_at <= now()"
                                + "   ORDER BY next_attempt_at, id LIMIT ?2 FOR UPDATE SKIP LOCKED)"
                                + " RETURNING id, trade_in_id, attempts, created_at")
                .setParameter(1, lease.toMillis())
                .setParameter(2, limit)
                .getResultList();
        return rows.stream().map(r -> new Lease((UUID) r[0], (UUID) r[1], ((Number) r[2]).intValue(), instant(r[3])))
                .toList();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    /**
     * Marks these claims delivered (the statuses subsidy answered, 200 or 201), each only if still undelivered.
     *
     * @return the ids this call marked (a claim someone else already marked is not among them)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public Set<UUID> markDelivered(Map<UUID, Integer> statusById) {
        Set<UUID> marked = new HashSet<>();
        Map<Integer, List<UUID>> byStatus = new java.util.TreeMap<>();
        statusById.forEach((id, status) -> byStatus.computeIfAbsent(status, k -> new java.util.ArrayList<>()).add(id));
        for (Map.Entry<Integer, List<UUID>> e : byStatus.entrySet()) {
            List<Object> ids = getEntityManager().createNativeQuery(
                            "UPDATE claim_outbox SET delivered_at = now(), last_status = :status, last_error = NULL"
                                    + " WHERE id IN (:ids) AND delivered_at IS NULL RETURNING id")
                    .setParameter("status", e.getKey())
                    .setParameter("ids", e.getValue())
                    .getResultList();
            ids.forEach(id -> marked.add((UUID) id));
        }
        return marked;
    }

    /** Records failed attempts (last status and error) and when each claim is due again; in one transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void markFailed(List<Failure> failures) {
        for (Failure f : failures) {
            getEntityManager().createNativeQuery(
                            "UPDATE claim_outbox SET last_status = CAST(?1 AS integer), last_error = ?2,"
                                    + " next_attempt_at = now() + (?3 * interval '1 millisecond')"
                                    + " WHERE id = ?4 AND delivered_at IS NULL")
                    .setParameter(1, f.status())
                    .setParameter(2, f.error() == null ? "unknown failure"
                            : f.error().length() > 1000 ? f.error().substring(0, 1000) : f.error())
                    .setParameter(3, f.retryIn().toMillis())
                    .setParameter(4, f.id())
                    .executeUpdate();
        }
    }

    public boolean isDelivered(UUID tradeInId) {
        return count("tradeInId = ?1 and deliveredAt is not null", tradeInId) > 0;
    }

    public Set<UUID> deliveredAmong(Collection<UUID> tradeInIds) {
        if (tradeInIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(getEntityManager().createQuery(
                        "select c.tradeInId from ClaimOutbox c where c.tradeInId in :ids and c.deliveredAt is not null",
                        UUID.class)
                .setParameter("ids", tradeInIds)
                .getResultList());
    }

    public long undelivered() {
        return count("deliveredAt is null");
    }
}
