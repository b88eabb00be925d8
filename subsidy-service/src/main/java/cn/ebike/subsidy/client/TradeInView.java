package cn.ebike.subsidy.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * What subsidy reads of a tradein-service trade-in (other fields are ignored), with the summary of its
 * dealer that tradein's look-up adds ({@code id}, {@code district}, {@code authorizedAgent}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TradeInView(UUID id, UUID dealerId, UUID ownerId, UUID oldVehicleId, UUID newVehicleId, String status,
        Instant completedAt, DealerView dealer) {
}
