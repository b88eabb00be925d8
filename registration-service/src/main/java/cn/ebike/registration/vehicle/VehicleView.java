package cn.ebike.registration.vehicle;

import cn.ebike.registration.particulars.BatteryType;
import cn.ebike.registration.owner.OwnerView;
import cn.ebike.registration.plate.PlateStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A vehicle as the API shows it. {@code plateNumber}/{@code plateStatus}: the active plate, else the
 * latest one, else null. {@code owner} is masked.
 */
public record VehicleView(
        UUID id,
        String registrationCode,
        String frameNumber,
        String motorNumber,
        String brand,
        String model,
        VehicleCategory category,
        BatteryType batteryType,
        String cccCertificate,
        VehicleStatus status,
        UUID ownerId,
        OwnerView owner,
        String plateNumber,
        PlateStatus plateStatus,
        Instant registeredAt,
        Instant filedAt,
        UUID registeredByDealerId,
        Instant scrappedAt,
        String scrapReference,
        String district) {
}
