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
public class Wallet {

    @Id
    @Column(name = "owner_id")
    public UUID ownerId;

    @Column(name = "wallet_cipher", nullable = false)
    public byte[] walletCipher;

    @Column(name = "wallet_masked", nullable = false)
    public String walletMasked;

    @Column(name = "bound_at", nullable = false)
    public Instant boundAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
