package cn.ebike.subsidy.figures;

import cn.ebike.common.ids.Ids;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/campaigns/{id}/stats}: a campaign's quota burn-down, payouts and rejections by reason. */
@Path("/api/campaigns/{id}/stats")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignStatsResource {

    private final CampaignStatsService stats;

    public CampaignStatsResource(CampaignStatsService stats) {
        this.stats = stats;
    }

    @GET
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public CampaignStats stats(@PathParam("id") String id) {
        return stats.stats(Ids.pathId(id, "Campaign")).orElseThrow(() -> ApiException.notFound("Campaign"));
    }
}
