package cn.ebike.registration.owner;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A vehicle owner. Every piece of personal data is stored encrypted ({@code *_enc}); the ID number and
 * phone also as keyed hashes ({@code *_hash}) so they can be matched without being decrypted.
 */
@Entity
@Table(name = "owners")
public class Owner {

    @Id
    public UUID id;

    @Column(name = "name_enc", nullable = false)
    public byte[] nameEnc;

    @Column(name = "id_number_enc", nullable = false)
    public byte[] idNumberEnc;

    @Column(name = "id_number_hash", nullable = false)
    public byte[] idNumberHash;

    @Column(name = "phone_enc", nullable = false)
    public byte[] phoneEnc;

    @Column(name = "phone_hash", nullable = false)
    public byte[] phoneHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;

    /** The dealer whose staff entered this owner (null: a regulator, the filing import). */
    @Column(name = "created_by_dealer_id")
    public UUID createdByDealerId;
}
