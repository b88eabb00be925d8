package cn.ebike.tradein.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * The part of registration-service's vehicle JSON that trade-ins depend on. Enumerations are kept as
 * strings so that a value registration adds later does not break reading the rest.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistrationVehicle(UUID id, String category, String status, UUID ownerId, String plateNumber,
        String plateStatus, Instant scrappedAt, String scrapReference) {

    public static final String NON_STANDARD_FILED = "NON_STANDARD_FILED";
    public static final String COMPLIANT = "COMPLIANT";
    public static final String SCRAPPED = "SCRAPPED";
    public static final String PLATE_ACTIVE = "ACTIVE";

    public boolean scrapped() {
        return SCRAPPED.equals(status);
    }
}
