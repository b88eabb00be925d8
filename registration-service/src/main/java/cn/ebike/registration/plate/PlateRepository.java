package cn.ebike.registration.plate;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PlateRepository implements PanacheRepositoryBase<Plate, UUID> {

    public Optional<Plate> findByNumber(String plateNumber) {
        return find("plateNumber", plateNumber).firstResultOptional();
    }

    public boolean existsByNumber(String plateNumber) {
        return count("plateNumber", plateNumber) > 0;
    }

    public Optional<Plate> activeFor(UUID vehicleId) {
        return find("vehicleId = ?1 and status = ?2", vehicleId, PlateStatus.ACTIVE).firstResultOptional();
    }

    /** The plate a vehicle shows: the active one, else the latest issued. */
    public Optional<Plate> currentFor(UUID vehicleId) {
        return Optional.ofNullable(current(list("vehicleId", Sort.descending("issuedAt"), vehicleId)).get(vehicleId));
    }

    public Map<UUID, Plate> currentFor(Collection<UUID> vehicleIds) {
        if (vehicleIds.isEmpty()) {
            return Map.of();
        }
        return current(list("vehicleId in ?1", Sort.descending("issuedAt"), vehicleIds));
    }

    private static Map<UUID, Plate> current(List<Plate> newestFirst) {
        Map<UUID, Plate> current = new HashMap<>();
        for (Plate plate : newestFirst) {
            Plate seen = current.get(plate.vehicleId());
            if (seen == null || (seen.status() != PlateStatus.ACTIVE && plate.status() == PlateStatus.ACTIVE)) {
                current.put(plate.vehicleId(), plate);
            }
        }
        return current;
    }
}
