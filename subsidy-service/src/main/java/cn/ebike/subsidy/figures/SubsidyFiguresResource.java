package cn.ebike.subsidy.figures;

import cn.ebike.common.figures.Interval;
import cn.ebike.common.figures.TimeRange;
import cn.ebike.common.ids.Ids;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Internal: subsidy's part of the regulators' figures, asked by the gateway (which composes
 * {@code /api/stats/...}). Not part of the public contract.
 */
@Path("/api/subsidies/figures")
@Produces(MediaType.APPLICATION_JSON)
public class SubsidyFiguresResource {

    private static final Set<String> METRICS = Set.of("subsidiesGranted", "subsidiesPaid", "fenPaid");

    private final SubsidyFigures figures;

    private final SubsidySignals signals;

    public SubsidyFiguresResource(SubsidyFigures figures, SubsidySignals signals) {
        this.figures = figures;
        this.signals = signals;
    }

    /** subsidy's fraud signals: {@code [{"type","subject","evidence","firstSeen","count"}]}. */
    @GET
    @Path("/signals")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public java.util.List<SubsidySignals.Signal> signals() {
        return signals.all();
    }

    @GET
    @Path("/series")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public Map<String, Object> series(@QueryParam("metric") String metric, @QueryParam("interval") String interval,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("district") String district) {
        if (metric == null || !METRICS.contains(metric)) {
            throw ApiException.invalid("metric", "must be one of subsidiesGranted, subsidiesPaid, fenPaid");
        }
        Interval i = Interval.parse(interval, "interval", Interval.DAY, Interval.values());
        return Map.of("points", figures.series(metric, i, TimeRange.parse(from, to), blank(district)));
    }

    @GET
    @Path("/funnel")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public Map<String, Long> funnel(@QueryParam("campaignId") String campaignId, @QueryParam("district") String district) {
        UUID campaign = null;
        if (campaignId != null && !campaignId.isBlank()) {
            campaign = Ids.parse(campaignId).orElseThrow(() -> ApiException.invalid("campaignId", "must be a UUID"));
        }
        return figures.funnel(campaign, blank(district));
    }

    @GET
    @Path("/dealers")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public Map<String, Object> dealers() {
        return Map.of("rows", figures.dealers());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
