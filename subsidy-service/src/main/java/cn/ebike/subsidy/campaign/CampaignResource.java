package cn.ebike.subsidy.campaign;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.ids.Ids;
import cn.ebike.common.params.QueryParams;
import cn.ebike.common.security.Roles;
import cn.ebike.common.idempotency.Idempotency;
import cn.ebike.common.idempotency.Outcome;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /api/campaigns}: campaigns and phases. Their stats ({@code figures.CampaignStatsResource}) and payout
 * reconciliation ({@code reconciliation.ReconciliationResource}) are answered by the packages that compute them,
 * so this package depends on neither.
 */
@Path("/api/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    private final CampaignService campaigns;
    private final Idempotency idempotency;
    private final Caller caller;

    public CampaignResource(CampaignService campaigns, Idempotency idempotency, Caller caller) {
        this.campaigns = campaigns;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    /** Validation happens in the service so that every bad field (incl. window overlaps) is listed at once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REGULATOR)
    public Response create(CampaignRequest request, @HeaderParam(Idempotency.HEADER) String key) {
        campaigns.validate(request);
        return idempotency.execute(caller.subject(), key, "POST", "/api/campaigns", request, () -> {
            CampaignView view = campaigns.create(request, caller);
            return new Outcome(201, view, URI.create("/api/campaigns/" + view.id()));
        });
    }

    @GET
    @RolesAllowed({Roles.OWNER, Roles.DEALER, Roles.REGULATOR, Roles.ADMIN, Roles.SERVICE})
    public Page<CampaignView> list(@QueryParam("district") String district, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return campaigns.list(Optional.ofNullable(district).filter(d -> !d.isBlank()), PageRequest.of(page, size));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OWNER, Roles.DEALER, Roles.REGULATOR, Roles.ADMIN, Roles.SERVICE})
    public CampaignView one(@PathParam("id") String id) {
        return campaigns.find(Ids.pathId(id, "Campaign")).orElseThrow(() -> ApiException.notFound("Campaign"));
    }
}
