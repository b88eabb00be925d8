package cn.ebike.registration.plate;

import java.time.Instant;
import java.util.UUID;

/**
 * A plate as issued: {@code qrPayload} is the signed token, {@code qrUrl} what the printed QR code carries
 * ({@code <PUBLIC_BASE_URL>/v/#<qrPayload>}).
 */
public record PlateView(String plateNumber, UUID vehicleId, String qrPayload, String qrUrl, PlateStatus status,
        Instant issuedAt, Instant revokedAt) {
}
