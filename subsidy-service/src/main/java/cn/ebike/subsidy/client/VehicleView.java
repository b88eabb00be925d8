package cn.ebike.subsidy.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** What subsidy reads of a registration-service vehicle (incl. the internal fields CONTRACT.md adds). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VehicleView(UUID id, String category, String status, UUID ownerId, Instant filedAt, String plateStatus,
        Instant scrappedAt, String scrapReference) {
}
