package cn.ebike.registration.vehicle;

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
public class Vehicle {

    @Id
    public UUID id;

    @Column(name = "registration_code", nullable = false, length = 32)
    public String registrationCode;

    @Column(name = "frame_number", nullable = false, length = 17)
    public String frameNumber;

    @Column(name = "motor_number", nullable = false, length = 32)
    public String motorNumber;

    @Column(nullable = false, length = 64)
    public String brand;

    @Column(nullable = false, length = 64)
    public String model;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public VehicleCategory category;

    @Enumerated(EnumType.STRING)
    @Column(name = "battery_type", nullable = false, length = 10)
    public BatteryType batteryType;

    @Column(name = "ccc_certificate", length = 16)
    public String cccCertificate;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 12)
    public VehicleStatus status;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    @Column(name = "registered_by", nullable = false, length = 100)
    public String registeredBy;

    @Column(name = "registered_by_dealer_id")
    public UUID registeredByDealerId;

    @Column(name = "filed_at")
    public Instant filedAt;

    /** The district the bike is counted in (regulators' figures). */
    @Column(nullable = false, length = 100)
    public String district;

    @Column(name = "scrapped_at")
    public Instant scrappedAt;

    @Column(name = "scrap_reference", length = 100)
    public String scrapReference;

    @Column(name = "scrap_reason", length = 500)
    public String scrapReason;

    /** The one way a vehicle becomes SCRAPPED (the status enum refuses an illegal transition). */
    public void scrap(String reference, String reason, Instant at) {
        status = status.scrap();
        scrapReference = reference;
        scrapReason = reason;
        scrappedAt = at;
    }
}
