package cn.ebike.subsidy.wallet;

import cn.ebike.subsidy.audit.AuditTrail;
import cn.ebike.subsidy.claim.SubsidyStatus;
import cn.ebike.common.masking.Masking;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class WalletService implements PanacheRepositoryBase<Wallet, UUID> {

    private final WalletCrypto crypto;
    private final AuditTrail audit;

    public WalletService(WalletCrypto crypto, AuditTrail audit) {
        this.crypto = crypto;
        this.audit = audit;
    }

    /**
     * Binds (or replaces) the owner's wallet. Upsert in one statement, so concurrent binds of one owner
     * cannot collide. GRANTED subsidies of the owner become due for the payout worker at once.
     */
    @Transactional
    public WalletView bind(UUID ownerId, String walletId, String actor) {
        Instant now = Instant.now();
        String masked = Masking.walletId(walletId);
        getEntityManager().createNativeQuery("""
                insert into wallet (owner_id, wallet_cipher, wallet_masked, bound_at, updated_at)
                values (:o, :c, :m, :now, :now)
                on conflict (owner_id) do update
                   set wallet_cipher = excluded.wallet_cipher, wallet_masked = excluded.wallet_masked,
                       updated_at = excluded.updated_at
                """)
                .setParameter("o", ownerId)
                .setParameter("c", crypto.encrypt(ownerId, walletId))
                .setParameter("m", masked)
                .setParameter("now", now)
                .executeUpdate();
        int due = getEntityManager().createNativeQuery(
                "update subsidy set next_attempt_at = :now, updated_at = :now where owner_id = :o and status = 'GRANTED'")
                .setParameter("now", now)
                .setParameter("o", ownerId)
                .executeUpdate();
        audit.record(actor, "WALLET_BOUND", AuditTrail.WALLET, ownerId, null, null, "wallet=" + masked);
        getEntityManager().clear();
        Wallet w = findById(ownerId);
        return new WalletView(ownerId, w.walletMasked, w.boundAt, w.updatedAt, due);
    }

    @Transactional
    public Optional<WalletView> view(UUID ownerId) {
        return findByIdOptional(ownerId).map(w -> new WalletView(ownerId, w.walletMasked, w.boundAt, w.updatedAt,
                getEntityManager().createQuery(
                        "select count(s) from Subsidy s where s.ownerId = :o and s.status in :st", Long.class)
                        .setParameter("o", ownerId)
                        .setParameter("st", java.util.List.of(SubsidyStatus.GRANTED, SubsidyStatus.PAYING))
                        .getSingleResult()));
    }

    /** The clear wallet id, for the payout worker only (never logged, never answered). */
    @Transactional
    public Optional<String> walletIdOf(UUID ownerId) {
        return findByIdOptional(ownerId).map(w -> crypto.decrypt(ownerId, w.walletCipher));
    }

    @Transactional
    public Optional<String> maskedOf(UUID ownerId) {
        return findByIdOptional(ownerId).map(w -> w.walletMasked);
    }
}
