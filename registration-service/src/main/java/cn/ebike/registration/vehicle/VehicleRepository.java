package cn.ebike.registration.vehicle;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class VehicleRepository implements PanacheRepositoryBase<Vehicle, UUID> {

    public boolean existsByFrameNumber(String frameNumber) {
        return count("frameNumber", frameNumber) > 0;
    }

    /** Loads and row-locks the vehicle: scrap and plate issue on one vehicle run one after the other. */
    public Optional<Vehicle> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
