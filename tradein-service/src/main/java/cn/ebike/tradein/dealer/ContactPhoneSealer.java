package cn.ebike.tradein.dealer;

import cn.ebike.common.crypto.Resealer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * At start, seals the contact phones that rows written before V2 still hold in clear, and clears them
 * (V2 already filled in their masked form). Safe with several instances starting together: rows are taken
 * with {@code FOR UPDATE SKIP LOCKED} and sealing twice is impossible (the clear column is emptied in the
 * same statement). Starting also fails at once when {@code DEALER_CONTACT_ENCRYPTION_KEY} is missing or bad.
 */
@ApplicationScoped
public class ContactPhoneSealer {

    private static final Logger LOG = Logger.getLogger(ContactPhoneSealer.class);

    private final ContactPhoneCrypto crypto;
    private final EntityManager em;
    private final Resealer resealer;

    public ContactPhoneSealer(ContactPhoneCrypto crypto, EntityManager em, Resealer resealer) {
        this.crypto = crypto;
        this.em = em;
        this.resealer = resealer;
    }

    void onStart(@Observes StartupEvent event) {
        int sealed = sealClearNumbers();
        if (sealed > 0) {
            LOG.infof("encrypted the contact phones of %d dealers written before they were kept encrypted", sealed);
        }
    }

    /** Daily (and shortly after start): old-format values and values of a retired key move to the current key. */
    @Scheduled(every = "${tradein.dealer-contact.reseal-every:24h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledReseal() {
        reseal();
    }

    /** @return how many sealed numbers this pass re-sealed */
    public long reseal() {
        return resealer.reseal(crypto.cipher(), crypto.column(), 500).resealed();
    }

    /** @return how many clear numbers this call sealed */
    @SuppressWarnings("unchecked")
    public int sealClearNumbers() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Object[]> rows = em.createNativeQuery("SELECT id, contact_phone FROM dealers"
                    + " WHERE contact_phone IS NOT NULL FOR UPDATE SKIP LOCKED").getResultList();
            for (Object[] row : rows) {
                UUID id = (UUID) row[0];
                em.createNativeQuery("UPDATE dealers SET contact_phone_enc = ?1, contact_phone = NULL WHERE id = ?2")
                        .setParameter(1, crypto.seal(id, (String) row[1]))
                        .setParameter(2, id)
                        .executeUpdate();
            }
            return rows.size();
        });
    }
}
