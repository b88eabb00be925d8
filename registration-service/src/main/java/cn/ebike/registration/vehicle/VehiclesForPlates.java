package cn.ebike.registration.vehicle;

import cn.ebike.registration.plate.PlatedVehicle;
import cn.ebike.registration.plate.PlatedVehicles;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** The vehicles as the plate feature sees them, with this feature's access rules. */
@ApplicationScoped
public class VehiclesForPlates implements PlatedVehicles {

    private final VehicleRepository vehicles;

    private final VehicleAccess access;

    public VehiclesForPlates(VehicleRepository vehicles, VehicleAccess access) {
        this.vehicles = vehicles;
        this.access = access;
    }

    @Override
    public Optional<PlatedVehicle> find(UUID id) {
        return vehicles.findByIdOptional(id).map(v -> v);
    }

    @Override
    public Optional<PlatedVehicle> findVisible(UUID id) {
        return vehicles.findByIdOptional(id).filter(access::canView).map(v -> v);
    }

    @Override
    public Optional<PlatedVehicle> lockForPlate(UUID id) {
        return vehicles.findForUpdate(id).filter(access::canIssuePlate).map(v -> v);
    }
}
