package cn.ebike.tradein.supervision;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class InspectionRepository implements PanacheRepositoryBase<Inspection, UUID> {
}
