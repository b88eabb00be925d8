package cn.ebike.subsidy.reconciliation;

import cn.ebike.common.ids.Ids;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** {@code GET /api/campaigns/{id}/reconciliation}: the campaign's grants against the provider's statement. */
@Path("/api/campaigns/{id}/reconciliation")
public class ReconciliationResource {

    private final ReconciliationService reconciliation;

    public ReconciliationResource(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    /** JSON by default; {@code ?format=csv} gives finance a CSV (one line per grant). */
    @GET
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
