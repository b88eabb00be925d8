package cn.ebike.tradein.figures;

import cn.ebike.common.figures.Interval;
import cn.ebike.common.figures.TimeRange;
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

/**
 * Internal: tradein's part of the regulators' figures, asked by the gateway (which composes
 * {@code /api/stats/...}). Not part of the public contract; REGULATOR may read it as it reads
 * {@code /api/trade-ins/stats}.
 */
@Path("/api/trade-ins/figures")
@Produces(MediaType.APPLICATION_JSON)
public class TradeInFiguresResource {

    private final TradeInFigures figures;

    private final TradeInSignals signals;

    public TradeInFiguresResource(TradeInFigures figures, TradeInSignals signals) {
        this.figures = figures;
        this.signals = signals;
    }

    @GET
    @Path("/districts")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public Map<String, Object> districts(@QueryParam("from") String from, @QueryParam("to") String to) {
        return Map.of("rows", figures.byDistrict(TimeRange.parse(from, to)));
    }

    @GET
    @Path("/dealers")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public Map<String, Object> dealers(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("district") String district, @QueryParam("median") String median) {
        // median=false: the gateway's completion by dealer shows no median and skips its cost
        return Map.of("rows", figures.byDealer(TimeRange.parse(from, to), blank(district),
                cn.ebike.common.params.QueryParams.bool("median", median).orElse(true)));
    }

    /** {@code metric=tradeInsCompleted}: {@code {"points":[{"t","value"}]}}, only buckets that hold one. */
    @GET
    @Path("/series")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public Map<String, Object> series(@QueryParam("metric") String metric, @QueryParam("interval") String interval,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("district") String district) {
        if (!"tradeInsCompleted".equals(metric)) {
            throw ApiException.invalid("metric", "must be tradeInsCompleted");
        }
        Interval i = Interval.parse(interval, "interval", Interval.DAY, Interval.values());
        return Map.of("points", figures.completedSeries(i, TimeRange.parse(from, to), blank(district)));
    }

    @GET
    @Path("/funnel")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public Map<String, Long> funnel(@QueryParam("district") String district) {
        return figures.funnel(blank(district));
    }

    /** tradein's fraud signals: {@code [{"type","subject","evidence","firstSeen","count"}]}. */
    @GET
    @Path("/signals")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public java.util.List<TradeInSignals.Signal> signals() {
        return signals.all();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
