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
    private UUID id;

    @Column(name = "plate_number", nullable = false, length = 16)
    private String plateNumber;

    @Column(name = "vehicle_id", nullable = false)
    private UUID vehicleId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private PlateStatus status;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "issued_by", nullable = false, length = 100)
    private String issuedBy;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected Plate() {
    }

    /** A newly issued plate (ACTIVE). */
    public static Plate issue(UUID id, String plateNumber, UUID vehicleId, String issuedBy, Instant now) {
        Plate plate = new Plate();
        plate.id = id;
        plate.plateNumber = plateNumber;
        plate.vehicleId = vehicleId;
        plate.status = PlateStatus.ACTIVE;
        plate.issuedAt = now;
        plate.issuedBy = issuedBy;
        return plate;
    }

    /** The one way a plate becomes REVOKED (the status enum refuses an illegal transition with a 409). */
    public void revoke(Instant at) {
        status = status.revoke();
        revokedAt = at;
    }

    public boolean isActive() {
        return status == PlateStatus.ACTIVE;
    }

    public UUID id() {
        return id;
    }

    public String plateNumber() {
        return plateNumber;
    }

    public UUID vehicleId() {
        return vehicleId;
    }

    public PlateStatus status() {
        return status;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public String issuedBy() {
        return issuedBy;
    }

    public Instant revokedAt() {
        return revokedAt;
    }
}
