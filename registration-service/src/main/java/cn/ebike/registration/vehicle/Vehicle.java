package cn.ebike.registration.vehicle;

import cn.ebike.registration.particulars.BatteryType;
import cn.ebike.registration.plate.PlatedVehicle;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A coded registration (赋码登记): the frame number and certificates bound to a registration code. */
@Entity
@Table(name = "vehicles")
public class Vehicle implements PlatedVehicle {

    @Id
    private UUID id;

    @Column(name = "registration_code", nullable = false, length = 32)
    private String registrationCode;

    @Column(name = "frame_number", nullable = false, length = 17)
    private String frameNumber;

    @Column(name = "motor_number", nullable = false, length = 32)
    private String motorNumber;

    @Column(nullable = false, length = 64)
    private String brand;

    @Column(nullable = false, length = 64)
    private String model;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private VehicleCategory category;

    @Enumerated(EnumType.STRING)
    @Column(name = "battery_type", nullable = false, length = 10)
    private BatteryType batteryType;

    @Column(name = "ccc_certificate", length = 16)
    private String cccCertificate;

    @Column(name = "owner_id", nullable = false)
    private UUID ownerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 12)
    private VehicleStatus status;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    @Column(name = "registered_by", nullable = false, length = 100)
    private String registeredBy;

    @Column(name = "registered_by_dealer_id")
    private UUID registeredByDealerId;

    @Column(name = "filed_at")
    private Instant filedAt;

    /** The district the bike is counted in (regulators' figures). */
    @Column(nullable = false, length = 100)
    private String district;

    @Column(name = "scrapped_at")
    private Instant scrappedAt;

    @Column(name = "scrap_reference", length = 100)
    private String scrapReference;

    @Column(name = "scrap_reason", length = 500)
    private String scrapReason;

    protected Vehicle() {
    }

    /**
     * A newly registered vehicle (status REGISTERED). The caller has normalised and checked the particulars;
     * {@code dealerId} is null for a regulator's registration.
     */
    public static Vehicle register(UUID id, String registrationCode, String frameNumber, String motorNumber, String brand,
            String model, VehicleCategory category, BatteryType batteryType, String cccCertificate, UUID ownerId,
            String registeredBy, UUID dealerId, Instant filedAt, String district, Instant now) {
        Vehicle v = new Vehicle();
        v.id = id;
        v.registrationCode = registrationCode;
        v.frameNumber = frameNumber;
        v.motorNumber = motorNumber;
        v.brand = brand;
        v.model = model;
        v.category = category;
        v.batteryType = batteryType;
        v.cccCertificate = cccCertificate;
        v.ownerId = ownerId;
        v.status = VehicleStatus.REGISTERED;
        v.registeredAt = now;
        v.registeredBy = registeredBy;
        v.registeredByDealerId = dealerId;
        v.filedAt = filedAt;
        v.district = district;
        return v;
    }

    /** The one way a vehicle becomes SCRAPPED (the status enum refuses an illegal transition with a 409). */
    public void scrap(String reference, String reason, Instant at) {
        status = status.scrap();
        scrapReference = reference;
        scrapReason = reason;
        scrappedAt = at;
    }

    @Override
    public void requirePlateable() {
        status.requirePlateable();
    }

    @Override
    public String categoryName() {
        return category.name();
    }

    @Override
    public String statusName() {
        return status.name();
    }

    @Override
    public UUID id() {
        return id;
    }

    @Override
    public String registrationCode() {
        return registrationCode;
    }

    public String frameNumber() {
        return frameNumber;
    }

    public String motorNumber() {
        return motorNumber;
    }

    @Override
    public String brand() {
        return brand;
    }

    @Override
    public String model() {
        return model;
    }

    public VehicleCategory category() {
        return category;
    }

    public BatteryType batteryType() {
        return batteryType;
    }

    public String cccCertificate() {
        return cccCertificate;
    }

    @Override
    public UUID ownerId() {
        return ownerId;
    }

    public VehicleStatus status() {
        return status;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public String registeredBy() {
        return registeredBy;
    }

    public UUID registeredByDealerId() {
        return registeredByDealerId;
    }

    public Instant filedAt() {
        return filedAt;
    }

    public String district() {
        return district;
    }

    public Instant scrappedAt() {
        return scrappedAt;
    }

    public String scrapReference() {
        return scrapReference;
    }

    public String scrapReason() {
        return scrapReason;
    }
}
