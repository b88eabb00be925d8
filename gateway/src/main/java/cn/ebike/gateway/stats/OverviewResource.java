package cn.ebike.gateway.stats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/stats/overview")
public class OverviewResource {

    private final OverviewService overview;

    public OverviewResource(OverviewService overview) {
        this.overview = overview;
    }

    /** The caller's own token is forwarded, so each service applies its own REGULATOR check too. */
    @GET
    @RolesAllowed("REGULATOR")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> overview(@HeaderParam("Authorization") String authorization) {
        return overview.overview(authorization);
    }
}
