package cn.ebike.registration.plate;

import java.util.Optional;
import java.util.UUID;

/**
 * How the plate feature finds vehicles, implemented by the vehicle feature: plates depend on this small
 * interface, not on the vehicle package (which depends on plates to show and revoke them).
 */
public interface PlatedVehicles {

    /** The vehicle, whoever asks (a plate's public verification). */
    Optional<PlatedVehicle> find(UUID id);

    /** The vehicle if the caller may see it. */
    Optional<PlatedVehicle> findVisible(UUID id);

    /** The vehicle locked for update if the caller may issue its plate. */
    Optional<PlatedVehicle> lockForPlate(UUID id);
}
