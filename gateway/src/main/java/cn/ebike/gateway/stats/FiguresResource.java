package cn.ebike.gateway.stats;

import cn.ebike.common.figures.Csv;
import cn.ebike.common.paging.PageRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The regulators' figures (API.md "Regulators' figures"): composed by {@link FiguresService} from the three
 * services. Each answers {@code ?format=csv} with the same rows for finance (UTF-8 with BOM, so Excel opens the
 * Chinese correctly). The caller's own token is forwarded, so each service applies its own role check too.
 * Composed answers are remembered briefly by {@link FiguresCache} ({@code Cache-Control: no-cache} bypasses it);
 * the audit report is never cached.
 */
@Path("/api/stats")
@RolesAllowed("REGULATOR")
@Produces({MediaType.APPLICATION_JSON, "text/csv"})
public class FiguresResource {

    private final FiguresService figures;
    private final FiguresCache cache;
    private final SecurityIdentity caller;

    public FiguresResource(FiguresService figures, FiguresCache cache, SecurityIdentity caller) {
        this.figures = figures;
        this.cache = cache;
        this.caller = caller;
    }

    /** The composed answer from {@link FiguresCache} (keyed by path, every query parameter and the roles). */
    private <T> Uni<T> cached(UriInfo uri, String cacheControl, Supplier<Uni<T>> compute) {
        return cache.get(FiguresCache.key(uri, caller), FiguresCache.bypass(cacheControl), compute);
    }

    @GET
    @Path("/completion")
    public Uni<Response> completion(@HeaderParam("Authorization") String bearer, @Context UriInfo uri,
            @HeaderParam("Cache-Control") String cacheControl, @QueryParam("groupBy") String groupBy,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("format") String format) {
        return cached(uri, cacheControl, () -> figures.completion(bearer, groupBy, from, to)).map(body -> answer(format, body, "completion.csv",
                List.of("key", "label", "filed", "scrapped", "completionRate", "tradeInsCompleted"), "rows"));
    }

    @GET
    @Path("/series")
    public Uni<Response> series(@HeaderParam("Authorization") String bearer, @Context UriInfo uri,
            @HeaderParam("Cache-Control") String cacheControl, @QueryParam("metric") String metric,
            @QueryParam("interval") String interval, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("district") String district, @QueryParam("format") String format) {
        return cached(uri, cacheControl, () -> figures.series(bearer, metric, interval, from, to, district)).map(body -> answer(format, body,
                "series-" + body.path("metric").asText() + ".csv", List.of("t", "value"), "points"));
    }

    @GET
    @Path("/funnel")
    public Uni<Response> funnel(@HeaderParam("Authorization") String bearer, @Context UriInfo uri,
            @HeaderParam("Cache-Control") String cacheControl, @QueryParam("campaignId") String campaignId,
            @QueryParam("district") String district, @QueryParam("format") String format) {
        return cached(uri, cacheControl, () -> figures.funnel(bearer, campaignId, district)).map(body -> {
            if (!Csv.wanted(format)) {
                return json(body);
            }
            List<List<?>> rows = new ArrayList<>();
            for (String step : List.of("filed", "tradeInsOpened", "recycled", "newVehicleRecorded", "completed",
                    "granted", "paid")) {
                rows.add(List.of(step, text(body.get(step))));
            }
            return Csv.response("funnel.csv", List.of("step", "count"), rows);
        });
    }

    @GET
    @Path("/dealers")
    public Uni<Response> dealers(@HeaderParam("Authorization") String bearer, @Context UriInfo uri,
            @HeaderParam("Cache-Control") String cacheControl, @QueryParam("sort") String sort,
            @QueryParam("page") String page, @QueryParam("size") String size, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("district") String district, @QueryParam("format") String format) {
        boolean csv = Csv.wanted(format);
        // the CSV is the whole table; the JSON is one page of it
        PageRequest p = csv ? PageRequest.of("0", "200") : PageRequest.of(page, size);
        int pageSize = csv ? Integer.MAX_VALUE : p.size();
        return cached(uri, cacheControl, () -> figures.dealers(bearer, sort, csv ? 0 : p.page(), pageSize, from, to, district)).map(body -> answer(format,
                body, "dealers.csv", List.of("dealerId", "name", "district", "opened", "completed", "open", "cancelled",
                        "medianHoursToComplete", "cancellationRate", "granted", "grantedFen", "paid", "creditGrade",
                        "signals"), "items"));
    }

    /** Each service's audit chain: intact, or the first broken entry. */
    @GET
    @Path("/audit")
    public Uni<Response> audit(@HeaderParam("Authorization") String bearer, @QueryParam("format") String format) {
        return figures.audit(bearer).map(services -> {
            if (!Csv.wanted(format)) {
                return Response.ok(services, MediaType.APPLICATION_JSON).build();
            }
            ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            body.set("services", services);
            return answer(format, body, "audit.csv", List.of("service", "entries", "intact", "firstBrokenAt",
                    "firstBrokenId", "problem", "unsealed", "head", "anchoredEntries", "anchoredAt", "unavailable"),
                    "services");
        });
    }

    /**
     * Fraud signals of all three services: the bare array of API.md; services that did not answer are named,
     * comma-separated, in {@code X-Unavailable-Services} (absent when all answered).
     */
    @GET
    @Path("/signals")
    public Uni<Response> signals(@HeaderParam("Authorization") String bearer, @Context UriInfo uri,
            @HeaderParam("Cache-Control") String cacheControl, @QueryParam("format") String format) {
        return cached(uri, cacheControl, () -> figures.signals(bearer)).map(answer -> {
            Response.ResponseBuilder out;
            if (Csv.wanted(format)) {
                ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                body.set("signals", answer.signals());
                out = Response.fromResponse(answer(format, body, "signals.csv",
                        List.of("type", "subject", "evidence", "firstSeen", "count"), "signals"));
            } else {
                out = Response.ok(answer.signals(), MediaType.APPLICATION_JSON);
            }
            if (!answer.unavailable().isEmpty()) {
                out.header(UNAVAILABLE_HEADER, String.join(",", answer.unavailable()));
            }
            return out.build();
        });
    }

    static final String UNAVAILABLE_HEADER = "X-Unavailable-Services";

    private static Response answer(String format, ObjectNode body, String filename, List<String> columns,
            String rowsField) {
        if (!Csv.wanted(format)) {
            return json(body);
        }
        List<List<?>> rows = new ArrayList<>();
        for (JsonNode r : body.path(rowsField)) {
            List<Object> row = new ArrayList<>();
            for (String c : columns) {
                row.add(text(r.get(c)));
            }
            rows.add(row);
        }
        if (body.has("total") && body.get("total").isObject()) {
            List<Object> row = new ArrayList<>();
            for (String c : columns) {
                row.add(text(body.get("total").get(c)));
            }
            rows.add(row);
        }
        return Csv.response(filename, columns, rows);
    }

    private static Response json(ObjectNode body) {
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.isArray() ? n.toString() : n.asText();
    }
}
