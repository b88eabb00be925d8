package cn.ebike.registration.plate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A digital plate (码牌合一). Its QR token is not stored: it is a deterministic Ed25519 signature over
 * (plate number, registration code, issue date), produced by {@link PlateSigner} when shown.
 */
@Entity
@Table(name = "plates")
public class Plate {

    @Id
    public UUID id;

    @Column(name = "plate_number", nullable = false, length = 16)
    public String plateNumber;

    @Column(name = "vehicle_id", nullable = false)
    public UUID vehicleId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    public PlateStatus status;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "issued_by", nullable = false, length = 100)
    public String issuedBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public void revoke(Instant at) {
        status = status.revoke();
        revokedAt = at;
    }
}
