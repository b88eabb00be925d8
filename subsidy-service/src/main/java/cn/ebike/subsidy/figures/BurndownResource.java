package cn.ebike.subsidy.figures;

import cn.ebike.common.figures.Csv;
import cn.ebike.common.figures.Interval;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/campaigns/{id}/burndown?interval=hour|day} (REGULATOR): each phase's grants and remaining
 * quota over time; {@code ?format=csv} gives one row per phase and interval.
 */
@Path("/api/campaigns/{id}/burndown")
public class BurndownResource {

    private final SubsidyFigures figures;

    public BurndownResource(SubsidyFigures figures) {
        this.figures = figures;
    }

    @GET
    @RolesAllowed(Roles.REGULATOR)
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response burndown(@PathParam("id") String id, @QueryParam("interval") String interval,
            @QueryParam("format") String format) {
        UUID campaignId = Ids.pathId(id, "Campaign");
        Interval i = Interval.parse(interval, "interval", Interval.DAY, Interval.HOUR, Interval.DAY);
        List<SubsidyFigures.PhaseBurndown> phases = figures.burndown(campaignId, i, Instant.now())
                .orElseThrow(() -> ApiException.notFound("Campaign"));
        if (Csv.wanted(format)) {
            List<List<?>> rows = new ArrayList<>();
            for (SubsidyFigures.PhaseBurndown p : phases) {
                for (SubsidyFigures.BurnPoint pt : p.points()) {
                    rows.add(List.of(p.phaseId(), p.name(), p.quota(), pt.t(), pt.granted(), pt.remaining()));
                }
            }
            return Csv.response("burndown-" + campaignId + ".csv",
                    List.of("phaseId", "phase", "quota", "t", "granted", "remaining"), rows);
        }
        return Response.ok(Map.of("campaignId", campaignId, "interval", i.sqlUnit(), "phases", phases),
                MediaType.APPLICATION_JSON).build();
    }
}
