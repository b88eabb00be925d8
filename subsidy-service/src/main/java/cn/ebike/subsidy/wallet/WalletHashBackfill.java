package cn.ebike.subsidy.wallet;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Gives wallets bound before {@code V2__wallet_id_hash} their keyed hash, at start, under a PostgreSQL advisory
 * lock (several replicas starting together do it once). Earliest binding first: when two old rows share a wallet
 * the earliest keeps it ({@code wallet_hash}), the later ones are kept and flagged ({@code wallet_hash_shared}),
 * so the start never fails on data that broke the rule before it existed.
 */
@ApplicationScoped
public class WalletHashBackfill {

    private static final Logger LOG = Logger.getLogger(WalletHashBackfill.class);

    private final EntityManager em;
    private final WalletCrypto crypto;

    public WalletHashBackfill(EntityManager em, WalletCrypto crypto) {
        this.em = em;
        this.crypto = crypto;
    }

    void onStart(@Observes StartupEvent event) {
        int[] done = run();
        if (done[0] + done[1] > 0) {
            LOG.infof("wallet hashes: %d wallets hashed, %d share a wallet with an earlier owner (flagged)", done[0], done[1]);
        }
    }

    /** [hashed, flagged as shared]. */
    @Transactional
    public int[] run() {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('subsidy.wallet-hash-backfill'))").getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select owner_id, wallet_cipher from wallet "
                + "where wallet_hash is null and wallet_hash_shared is null order by bound_at, owner_id").getResultList();
        int hashed = 0;
        int shared = 0;
        for (Object[] row : rows) {
            UUID owner = (UUID) row[0];
            byte[] hash = crypto.hash(crypto.decrypt(owner, (byte[]) row[1]));
            boolean taken = ((Number) em.createNativeQuery("select count(*) from wallet where wallet_hash = :h")
                    .setParameter("h", hash).getSingleResult()).longValue() > 0;
            em.createNativeQuery(taken ? "update wallet set wallet_hash_shared = :h where owner_id = :o"
                            : "update wallet set wallet_hash = :h where owner_id = :o")
                    .setParameter("h", hash).setParameter("o", owner).executeUpdate();
            if (taken) {
                shared++;
            } else {
                hashed++;
            }
        }
        return new int[] {hashed, shared};
    }
}
