package cn.ebike.subsidy.audit;

import cn.ebike.common.audit.AuditChain;
import cn.ebike.common.audit.AuditChainSealer;
import cn.ebike.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/** The chain's check for the gateway's {@code GET /api/stats/audit} (internal). */
@Path("/api/subsidies/figures/audit")
public class AuditChainResource {

    private final AuditChainSealer sealer;

    public AuditChainResource(AuditChainSealer sealer) {
        this.sealer = sealer;
    }

    /** Seals what is waiting, then walks the chain. */
    @GET
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    @Produces(MediaType.APPLICATION_JSON)
    public AuditChain.Report check() throws SQLException {
        return sealer.check();
    }
}
