package cn.ebike.subsidy.wallet;

import cn.ebike.subsidy.claim.SubsidyStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code wallet} table and the queries about owners' wallets; the rules of binding are {@link WalletService}'s. */
@ApplicationScoped
public class WalletRepository implements PanacheRepositoryBase<EcnyWallet, UUID> {

    /** Whether another owner's wallet has this hash (current or shared during a key change). */
    boolean heldByAnotherOwner(UUID ownerId, byte[] hash) {
        return ((Number) getEntityManager().createNativeQuery(
                        "select count(*) from wallet where owner_id <> :o and (wallet_hash = :h or wallet_hash_shared = :h)")
                .setParameter("o", ownerId).setParameter("h", hash).getSingleResult()).longValue() > 0;
    }

    /**
     * Binds or replaces the owner's wallet in one statement, so concurrent binds of one owner cannot collide;
     * two owners racing for one wallet are decided by the unique constraint on {@code wallet_hash}.
     */
    void upsert(UUID ownerId, byte[] cipher, String masked, byte[] hash, Instant now) {
        getEntityManager().createNativeQuery("""
                insert into wallet (owner_id, wallet_cipher, wallet_masked, wallet_hash, bound_at, updated_at)
                values (:o, :c, :m, :h, :now, :now)
                on conflict (owner_id) do update
                   set wallet_cipher = excluded.wallet_cipher, wallet_masked = excluded.wallet_masked,
                       wallet_hash = excluded.wallet_hash, wallet_hash_shared = null,
                       updated_at = excluded.updated_at
                """)
                .setParameter("o", ownerId)
                .setParameter("c", cipher)
                .setParameter("m", masked)
                .setParameter("h", hash)
                .setParameter("now", now)
                .executeUpdate();
    }

    /** Makes the owner's GRANTED subsidies due for the payout worker now; how many. */
    int makeGrantedDue(UUID ownerId, Instant now) {
        return getEntityManager().createNativeQuery(
                "update subsidy set next_attempt_at = :now, updated_at = :now where owner_id = :o and status = 'GRANTED'")
                .setParameter("now", now)
                .setParameter("o", ownerId)
                .executeUpdate();
    }

    /** The owner's subsidies still waiting for payment (GRANTED or PAYING). */
    long awaitingPayment(UUID ownerId) {
        return getEntityManager().createQuery(
                        "select count(s) from Subsidy s where s.ownerId = :o and s.status in :st", Long.class)
                .setParameter("o", ownerId)
                .setParameter("st", List.of(SubsidyStatus.GRANTED, SubsidyStatus.PAYING))
                .getSingleResult();
    }

    /** The wallet as the database holds it now (not a copy this transaction read earlier). */
    EcnyWallet reread(UUID ownerId) {
        getEntityManager().clear();
        return findById(ownerId);
    }
}
