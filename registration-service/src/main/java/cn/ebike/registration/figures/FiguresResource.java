package cn.ebike.registration.figures;

import cn.ebike.common.figures.Interval;
import cn.ebike.common.figures.TimeRange;
import cn.ebike.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * Internal: registration's part of the regulators' figures, asked by the gateway (which composes
 * {@code /api/stats/...}). Not part of the public contract; REGULATOR may read it too, as it reads
 * {@code /api/vehicles/stats}.
 */
@Path("/api/vehicles/figures")
@Produces(MediaType.APPLICATION_JSON)
public class FiguresResource {

    private final VehicleFigures figures;

    private final RegistrationSignals signals;

    public FiguresResource(VehicleFigures figures, RegistrationSignals signals) {
        this.figures = figures;
        this.signals = signals;
    }

    /** registration's fraud signals: {@code [{"type","subject","evidence","firstSeen","count"}]}. */
    @GET
    @Path("/signals")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public List<RegistrationSignals.Signal> signals() {
        return signals.all();
    }

    /** {@code {"rows":[{"district","filed","scrapped"}]}} */
    @GET
    @Path("/districts")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public Map<String, Object> districts(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("district") String district) {
        return Map.of("rows", figures.byDistrict(TimeRange.parse(from, to), blank(district)));
    }

    /**
     * {@code metric} {@code platesIssued}, {@code scrapped} or {@code filed}: {@code {"points":[{"t","value"}]}},
     * only the buckets that hold something. {@code filed} starts with a point at 1900-01-01 holding what was
     * filed before {@code from}.
     */
    @GET
    @Path("/series")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public Map<String, Object> series(@QueryParam("metric") String metric, @QueryParam("interval") String interval,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("district") String district) {
        Interval i = Interval.parse(interval, "interval", Interval.DAY, Interval.values());
        TimeRange range = TimeRange.parse(from, to);
        String d = blank(district);
        List<VehicleFigures.Point> points = switch (metric == null ? "" : metric) {
            case "scrapped" -> figures.scrappedSeries(i, range, d);
            case "filed" -> figures.filedSeries(i, range, d);
            case "platesIssued" -> figures.platesIssued(i, range, d);
            default -> throw cn.ebike.common.problem.ApiException.invalid("metric",
                    "must be one of platesIssued, scrapped, filed");
        };
        return Map.of("points", points);
    }

    /** {@code {"filed"}}: filed non-standard bikes (in the district when given). */
    @GET
    @Path("/funnel")
    @Extension(name = "x-internal", value = "true", parseValue = true)
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public Map<String, Object> funnel(@QueryParam("district") String district) {
        return Map.of("filed", figures.filed(blank(district)));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
