package cn.ebike.tradein.tradein;

import cn.ebike.common.problem.ApiException;
import cn.ebike.tradein.common.Times;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records refused attempts in a transaction of their own ({@code REQUIRES_NEW}): the caller's transaction,
 * if any, rolls back with the 409, the record stays. Recording never turns the 409 into something else.
 */
@ApplicationScoped
public class RefusedAttemptRepository implements PanacheRepositoryBase<RefusedAttempt, UUID> {

    public static final String RECEIPT_ALREADY_USED = "receipt-already-used";
    public static final String NEW_VEHICLE_NOT_BOUGHT = "new-vehicle-not-bought-in-trade-in";

    private static final Logger LOG = Logger.getLogger(RefusedAttemptRepository.class);

    /** Records the refusal and returns it, for {@code throw refusals.refuse(...)}. */
    public ApiException refuse(ApiException refusal, UUID dealerId, UUID tradeInId, String subject) {
        try {
            RefusedAttempt attempt = new RefusedAttempt(Times.now(), refusal.slug(), dealerId, tradeInId, subject,
                    refusal.getMessage());
            QuarkusTransaction.requiringNew().run(() -> persist(attempt));
        } catch (RuntimeException e) {
            LOG.warnf("could not record the refused attempt %s on trade-in %s: %s", refusal.slug(), tradeInId,
                    e.toString());
        }
        return refusal;
    }
}
