package cn.ebike.registration.plate;

import java.time.Instant;
import java.util.UUID;

/** {@code GET /api/plates/{plateNumber}}: the plate and a summary of its vehicle (owner name masked). */
public record PlateDetailView(String plateNumber, UUID vehicleId, String qrPayload, String qrUrl, PlateStatus status,
        Instant issuedAt, Instant revokedAt, VehicleSummary vehicle) {

    public record VehicleSummary(UUID id, String registrationCode, String category, String brand, String model,
            String status, String ownerName) {
    }
}
