package cn.ebike.registration.audit;

import cn.ebike.common.audit.AuditChain;
import cn.ebike.common.security.Roles;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Seals this service's audit rows into the hash chain every second (common's {@link AuditChain}) and answers
 * the chain's check for the gateway's {@code GET /api/stats/audit} (internal: {@code /api/vehicles/figures/audit}).
 */
@ApplicationScoped
@Path("/api/vehicles/figures/audit")
public class AuditChainJob {

    private static final Logger LOG = Logger.getLogger(AuditChainJob.class);

    public static final AuditChain CHAIN = new AuditChain(new AuditChain.Table("registration-service", "audit_entries", "id",
            List.of("at", "actor", "actor_role", "action", "object_type", "object_id", "vehicle_id",
            "from_status", "to_status", "detail")));

    @Inject
    DataSource dataSource;

    @Scheduled(every = "${ebike.audit.seal-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            seal();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("sealing the audit chain failed (next run retries): %s", e.toString());
        }
    }

    public int seal() throws SQLException {
        return CHAIN.seal(dataSource);
    }

    /** Seals what is waiting, then walks the chain. */
    @GET
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    @Produces(MediaType.APPLICATION_JSON)
    public AuditChain.Report check() throws SQLException {
        seal();
        return CHAIN.verify(dataSource);
    }
}
