package cn.ebike.subsidy.wallet;

import cn.ebike.subsidy.audit.AuditTrail;
import cn.ebike.common.masking.Masking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The rules of an owner's e-CNY wallet: one wallet belongs to one person, a bound wallet makes the owner's granted
 * subsidies due for payment, and the clear wallet id goes only to the payout worker. The SQL is {@link WalletRepository}'s.
 */
@ApplicationScoped
public class WalletService {

    private final WalletRepository wallets;
    private final WalletCrypto crypto;
    private final AuditTrail audit;

    public WalletService(WalletRepository wallets, WalletCrypto crypto, AuditTrail audit) {
        this.wallets = wallets;
        this.crypto = crypto;
        this.audit = audit;
    }

    /**
     * Binds (or replaces) the owner's wallet. Upsert in one statement, so concurrent binds of one owner
     * cannot collide. GRANTED subsidies of the owner become due for the payout worker at once.
     * A wallet another owner holds is refused with 409 {@code wallet-bound-elsewhere}: checked first for a clear
     * answer, and decided by the unique constraint on {@code wallet_hash} when two owners race for one wallet.
     */
    @Transactional
    public WalletView bind(UUID ownerId, String walletId, String actor) {
        Instant now = Instant.now();
        String masked = Masking.walletId(walletId);
        byte[] hash = crypto.hash(walletId);
        if (wallets.heldByAnotherOwner(ownerId, hash)) {
            throw boundElsewhere();
        }
        try {
            wallets.upsert(ownerId, crypto.encrypt(ownerId, walletId), masked, hash, now);
        } catch (jakarta.persistence.PersistenceException e) {
            if (mentions(e, "wallet_hash_unique")) {
                throw boundElsewhere(); // another owner took this wallet in the same instant
            }
            throw e;
        }
        int due = wallets.makeGrantedDue(ownerId, now);
        audit.record(actor, "WALLET_BOUND", AuditTrail.WALLET, ownerId, null, null, "wallet=" + masked);
        EcnyWallet w = wallets.reread(ownerId);
        return new WalletView(ownerId, w.walletMasked, w.boundAt, w.updatedAt, due);
    }

    static cn.ebike.common.problem.ApiException boundElsewhere() {
        return cn.ebike.common.problem.ApiException.conflict("wallet-bound-elsewhere",
                "This e-CNY wallet is already bound to another owner: one wallet belongs to one person.");
    }

    private static boolean mentions(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(constraint)) {
                return true;
            }
        }
        return false;
    }

    @Transactional
    public Optional<WalletView> view(UUID ownerId) {
        return wallets.findByIdOptional(ownerId).map(w -> new WalletView(ownerId, w.walletMasked, w.boundAt, w.updatedAt,
                wallets.awaitingPayment(ownerId)));
    }

    /** The clear wallet id, for the payout worker only (never logged, never answered). */
    @Transactional
    public Optional<String> walletIdOf(UUID ownerId) {
        return wallets.findByIdOptional(ownerId).map(w -> crypto.decrypt(ownerId, w.walletCipher));
    }

    @Transactional
    public Optional<String> maskedOf(UUID ownerId) {
        return wallets.findByIdOptional(ownerId).map(w -> w.walletMasked);
    }
}
