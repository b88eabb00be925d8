package cn.ebike.registration.plate;

import java.time.Instant;
import java.util.UUID;

/** A plate as issued: {@code qrPayload} is the signed token the QR code carries. */
public record PlateView(String plateNumber, UUID vehicleId, String qrPayload, PlateStatus status, Instant issuedAt,
        Instant revokedAt) {
}
