package cn.ebike.registration.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEntry, Long> {

    public List<AuditEntry> forVehicle(UUID vehicleId) {
        return list("vehicleId", Sort.ascending("id"), vehicleId);
    }
}
