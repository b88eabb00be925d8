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
        String plateStatus, Instant scrappedAt, String scrapReference, UUID registeredByDealerId,
        Instant registeredAt) {

    public static final String NON_STANDARD_FILED = "NON_STANDARD_FILED";
    public static final String COMPLIANT = "COMPLIANT";
    public static final String SCRAPPED = "SCRAPPED";
    public static final String PLATE_ACTIVE = "ACTIVE";

    /**
     * Whether this bike was bought in a trade-in of {@code dealerId} opened at {@code openedAt} (先报废后购新):
     * registered by that dealer, not before the trade-in was opened.
     */
    public boolean boughtInTradeIn(UUID dealerId, Instant openedAt) {
        return dealerId.equals(registeredByDealerId) && registeredAt != null && !registeredAt.isBefore(openedAt);
    }

    public boolean scrapped() {
        return SCRAPPED.equals(status);
    }
}
