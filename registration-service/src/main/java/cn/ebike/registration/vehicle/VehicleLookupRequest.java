package cn.ebike.registration.vehicle;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/vehicles/lookup} (internal, SERVICE only): up to {@value #MAX_IDS} vehicle ids — the old
 * and the new bike of each claim of a 200-claim subsidy batch.
 */
public record VehicleLookupRequest(@NotNull @Size(min = 1, max = MAX_IDS) List<@NotNull UUID> ids) {

    public static final int MAX_IDS = 400;
}
