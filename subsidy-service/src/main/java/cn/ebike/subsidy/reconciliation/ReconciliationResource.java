package cn.ebike.subsidy.reconciliation;

import cn.ebike.common.ids.Ids;
import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.params.QueryParams;
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
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * {@code GET /api/campaigns/{id}/reconciliation}: the campaign's grants against the provider's statement. JSON is
 * paged ({@code ?page=&size=}, as every list of the suite; {@code ?mismatches=true} keeps the flagged grants) with the
 * whole campaign's totals on every page; {@code ?format=csv} streams every grant, chunk by chunk as it is read.
 */
@Path("/api/campaigns/{id}/reconciliation")
public class ReconciliationResource {

    private final ReconciliationService reconciliation;

    public ReconciliationResource(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @RolesAllowed(Roles.REGULATOR)
    public Response reconciliation(@PathParam("id") String id, @QueryParam("format") String format,
            @QueryParam("page") String page, @QueryParam("size") String size, @QueryParam("mismatches") String mismatches) {
        UUID campaignId = Ids.pathId(id, "Campaign");
        if (format != null && !format.isBlank() && !format.equals("csv") && !format.equals("json")) {
            throw ApiException.invalid("format", "must be json or csv");
        }
        boolean onlyMismatches = QueryParams.bool("mismatches", mismatches).orElse(false);
        if ("csv".equals(format)) {
            // 404 before the first byte: the CSV is written after this method returns
            reconciliation.requireCampaign(campaignId);
            StreamingOutput body = out -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
                try {
                    w.write(ReconciliationCsv.header());
                    ReconciliationService.Totals totals = reconciliation.run(campaignId, line -> {
                        if (onlyMismatches && line.mismatches().isEmpty()) {
                            return;
                        }
                        try {
                            w.write(ReconciliationCsv.line(line));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    for (Reconciler.ProviderLine p : totals.unknownProviderPayments()) {
                        w.write(ReconciliationCsv.unknown(p));
                    }
                    w.flush();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            };
            return Response.ok(body, "text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"reconciliation-" + campaignId + ".csv\"")
                    .build();
        }
        return Response.ok(reconciliation.page(campaignId, PageRequest.of(page, size), onlyMismatches),
                MediaType.APPLICATION_JSON).build();
    }
}
