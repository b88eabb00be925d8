package cn.ebike.subsidy.payout;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code payout_attempt} table: every call to the provider, written before it is made. */
@ApplicationScoped
public class PayoutAttemptRepository implements PanacheRepositoryBase<PayoutAttempt, UUID> {

    /** A new attempt row, started now. */
    PayoutAttempt record(UUID subsidyId, int no, PayoutAttempt.Kind kind, PayoutAttempt.Outcome outcome,
            long amountFen, String walletMasked) {
        PayoutAttempt a = new PayoutAttempt();
        a.id = UUID.randomUUID();
        a.subsidyId = subsidyId;
        a.attemptNo = no;
        a.kind = kind;
        a.startedAt = Instant.now();
        a.outcome = outcome;
        a.amountFen = amountFen;
        a.walletMasked = walletMasked;
        persist(a);
        return a;
    }

    /** A PENDING attempt whose worker died before recording its outcome: its outcome is unknown. */
    void closeAbandoned(UUID subsidyId) {
        update("outcome = ?1, finishedAt = ?2, error = ?3 where subsidyId = ?4 and outcome = ?5",
                PayoutAttempt.Outcome.UNKNOWN, Instant.now(), "worker stopped before the outcome was recorded",
                subsidyId, PayoutAttempt.Outcome.PENDING);
    }

    /** The attempts of these grants, in the order they were made. */
    @Transactional
    public List<PayoutAttempt> ofSubsidies(List<UUID> subsidyIds) {
        if (subsidyIds.isEmpty()) {
            return List.of();
        }
        return list("subsidyId in ?1", Sort.ascending("startedAt", "attemptNo"), subsidyIds);
    }
}
