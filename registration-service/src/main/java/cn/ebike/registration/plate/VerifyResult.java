package cn.ebike.registration.plate;

/**
 * The answer to a scan: {@code valid}, and when not, {@code reason} MALFORMED, BAD_SIGNATURE,
 * UNKNOWN_PLATE or REVOKED. Vehicle facts are given only for a genuine plate; the owner name is masked.
 */
public record VerifyResult(boolean valid, String reason, String plateNumber, PlateStatus status, String category,
        String brand, String model, String ownerName, String registrationCode) {

    public static VerifyResult invalid(String reason, String plateNumber) {
        return new VerifyResult(false, reason, plateNumber, null, null, null, null, null, null);
    }
}
