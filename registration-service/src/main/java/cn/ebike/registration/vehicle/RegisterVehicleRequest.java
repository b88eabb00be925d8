package cn.ebike.registration.vehicle;

import cn.ebike.common.validation.ValidCccCertificate;
import cn.ebike.common.validation.ValidFrameNumber;
import cn.ebike.common.validation.SafeText;
import cn.ebike.registration.particulars.BatteryType;
import cn.ebike.registration.particulars.MotorNumbers;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** {@code POST /api/vehicles}; the rules that tie fields to the category live in {@link ValidVehicleRegistration}. */
@ValidVehicleRegistration
public record RegisterVehicleRequest(
        @NotBlank @ValidFrameNumber String frameNumber,
        @NotBlank @Size(max = 32) @Pattern(regexp = MotorNumbers.PATTERN, message = MotorNumbers.MESSAGE) String motorNumber,
        @NotBlank @Size(max = 64) @SafeText String brand,
        @NotBlank @Size(max = 64) @SafeText String model,
        @NotNull VehicleCategory category,
        @NotNull BatteryType batteryType,
        @ValidCccCertificate String cccCertificate,
        @NotNull UUID ownerId,
        Instant filedAt,
        @Size(max = 100) @SafeText String district) {
}
