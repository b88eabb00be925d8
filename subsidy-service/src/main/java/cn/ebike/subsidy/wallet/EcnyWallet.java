package cn.ebike.subsidy.wallet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An owner's bound e-CNY wallet; the id only ever at rest encrypted ({@link WalletCrypto}). */
@Entity
@Table(name = "wallet")
public class EcnyWallet {

    @Id
    @Column(name = "owner_id")
    public UUID ownerId;

    @Column(name = "wallet_cipher", nullable = false)
    public byte[] walletCipher;

    @Column(name = "wallet_masked", nullable = false)
    public String walletMasked;

    /** HMAC of the wallet id ({@link WalletCrypto#hash}); unique: one wallet, one owner. */
    @Column(name = "wallet_hash")
    public byte[] walletHash;

    /** Set instead of {@link #walletHash} on rows bound before the uniqueness rule that share a wallet with an earlier row. */
    @Column(name = "wallet_hash_shared")
    public byte[] walletHashShared;

    @Column(name = "bound_at", nullable = false)
    public Instant boundAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
