package cn.ebike.registration.session;

import cn.ebike.registration.common.Times;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * The {@code session_revocations} outbox: written in a correction's transaction, read by
 * {@link SessionRevocationRelay}, which decides when and how often to deliver.
 */
@ApplicationScoped
public class SessionRevocationRepository implements PanacheRepositoryBase<SessionRevocation, UUID> {

    /** Queues "end the sessions of {@code subject}" in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queue(String subject) {
        SessionRevocation r = new SessionRevocation();
        r.id = UUID.randomUUID();
        r.subject = subject;
        r.createdAt = Times.now();
        r.nextAttemptAt = r.createdAt;
        persist(r);
    }

    /**
     * Up to {@code limit} undelivered rows due now, oldest first, locked for this transaction; rows another replica
     * holds are skipped ({@code SKIP LOCKED}), so replicas share the work.
     */
    List<SessionRevocation> lockDue(int limit) {
        return find("deliveredAt is null and nextAttemptAt <= ?1 order by nextAttemptAt", Times.now())
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2).page(0, limit).list();
    }
}
