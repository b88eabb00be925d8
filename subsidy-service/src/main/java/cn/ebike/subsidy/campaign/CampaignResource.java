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
import cn.ebike.subsidy.reconciliation.ReconciliationCsv;
import cn.ebike.subsidy.reconciliation.ReconciliationService;
import cn.ebike.subsidy.reconciliation.Reconciler;
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

/** {@code /api/campaigns}: campaigns and phases, their stats and the payout reconciliation. */
@Path("/api/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    private final CampaignService campaigns;
    private final CampaignStatsService stats;
    private final ReconciliationService reconciliation;
    private final Idempotency idempotency;
    private final Caller caller;

    public CampaignResource(CampaignService campaigns, CampaignStatsService stats, ReconciliationService reconciliation,
            Idempotency idempotency, Caller caller) {
        this.campaigns = campaigns;
        this.stats = stats;
        this.reconciliation = reconciliation;
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

    @GET
    @Path("/{id}/stats")
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public CampaignStats stats(@PathParam("id") String id) {
        return stats.stats(Ids.pathId(id, "Campaign")).orElseThrow(() -> ApiException.notFound("Campaign"));
    }

    /** JSON by default; {@code ?format=csv} gives finance a CSV (one line per grant). */
    @GET
    @Path("/{id}/reconciliation")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @RolesAllowed(Roles.REGULATOR)
    public Response reconciliation(@PathParam("id") String id, @QueryParam("format") String format) {
        UUID campaignId = Ids.pathId(id, "Campaign");
        if (format != null && !format.isBlank() && !format.equals("csv") && !format.equals("json")) {
            throw ApiException.invalid("format", "must be json or csv");
        }
        Reconciler.Report report = reconciliation.reconcile(campaignId);
        if ("csv".equals(format)) {
            return Response.ok(ReconciliationCsv.write(report), "text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"reconciliation-" + campaignId + ".csv\"")
                    .build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON).build();
    }
}
