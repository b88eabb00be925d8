package cn.ebike.registration.vehicle;

import cn.ebike.common.validation.SafeText;

import cn.ebike.common.validation.ValidCccCertificate;
import cn.ebike.common.validation.ValidFrameNumber;
import cn.ebike.common.validation.SafeText;
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
        @NotBlank @Size(max = 32) @Pattern(regexp = MOTOR_NUMBER, message = MOTOR_NUMBER_MESSAGE) String motorNumber,
        @NotBlank @Size(max = 64) @SafeText String brand,
        @NotBlank @Size(max = 64) @SafeText String model,
        @NotNull VehicleCategory category,
        @NotNull BatteryType batteryType,
        @ValidCccCertificate String cccCertificate,
        @NotNull UUID ownerId,
        Instant filedAt,
        @Size(max = 100) @SafeText String district) {

    public static final String MOTOR_NUMBER = "^\\s*[A-Za-z0-9][A-Za-z0-9-]*\\s*$";
    public static final String MOTOR_NUMBER_MESSAGE = "must be letters, digits and hyphens (at most 32)";
}
