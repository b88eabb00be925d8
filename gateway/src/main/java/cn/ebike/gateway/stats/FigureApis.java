package cn.ebike.gateway.stats;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Each service's internal part of the regulators' figures ({@code .../figures/...}, REGULATOR or SERVICE),
 * called with the regulator's own token as the overview does. Absent parameters are left out of the query.
 */
final class FigureApis {

    private FigureApis() {
    }

    @RegisterRestClient(configKey = "registration")
    @Produces(MediaType.APPLICATION_JSON)
    @Path("/api/vehicles/figures")
    interface Registration {
        @GET
        @Path("/districts")
        Uni<JsonNode> districts(@HeaderParam("Authorization") String bearer, @QueryParam("from") String from,
                @QueryParam("to") String to, @QueryParam("district") String district);

        @GET
        @Path("/series")
        Uni<JsonNode> series(@HeaderParam("Authorization") String bearer, @QueryParam("metric") String metric,
                @QueryParam("interval") String interval, @QueryParam("from") String from, @QueryParam("to") String to,
                @QueryParam("district") String district);

        @GET
        @Path("/funnel")
        Uni<JsonNode> funnel(@HeaderParam("Authorization") String bearer, @QueryParam("district") String district);

        @GET
        @Path("/signals")
        Uni<JsonNode> signals(@HeaderParam("Authorization") String bearer);

        @GET
        @Path("/audit")
        Uni<JsonNode> audit(@HeaderParam("Authorization") String bearer);
    }

    @RegisterRestClient(configKey = "tradein")
    @Produces(MediaType.APPLICATION_JSON)
    @Path("/api/trade-ins/figures")
    interface Tradein {
        @GET
        @Path("/districts")
        Uni<JsonNode> districts(@HeaderParam("Authorization") String bearer, @QueryParam("from") String from,
                @QueryParam("to") String to);

        @GET
        @Path("/dealers")
        Uni<JsonNode> dealers(@HeaderParam("Authorization") String bearer, @QueryParam("from") String from,
                @QueryParam("to") String to, @QueryParam("district") String district,
                @QueryParam("median") Boolean median);

        @GET
        @Path("/series")
        Uni<JsonNode> series(@HeaderParam("Authorization") String bearer, @QueryParam("metric") String metric,
                @QueryParam("interval") String interval, @QueryParam("from") String from, @QueryParam("to") String to,
                @QueryParam("district") String district);

        @GET
        @Path("/funnel")
        Uni<JsonNode> funnel(@HeaderParam("Authorization") String bearer, @QueryParam("district") String district);

        @GET
        @Path("/signals")
        Uni<JsonNode> signals(@HeaderParam("Authorization") String bearer);

        @GET
        @Path("/audit")
        Uni<JsonNode> audit(@HeaderParam("Authorization") String bearer);
    }

    @RegisterRestClient(configKey = "subsidy")
    @Produces(MediaType.APPLICATION_JSON)
    @Path("/api/subsidies/figures")
    interface Subsidy {
        @GET
        @Path("/series")
        Uni<JsonNode> series(@HeaderParam("Authorization") String bearer, @QueryParam("metric") String metric,
                @QueryParam("interval") String interval, @QueryParam("from") String from, @QueryParam("to") String to,
                @QueryParam("district") String district);

        @GET
        @Path("/funnel")
        Uni<JsonNode> funnel(@HeaderParam("Authorization") String bearer, @QueryParam("campaignId") String campaignId,
                @QueryParam("district") String district);

        @GET
        @Path("/dealers")
        Uni<JsonNode> dealers(@HeaderParam("Authorization") String bearer);

        @GET
        @Path("/signals")
        Uni<JsonNode> signals(@HeaderParam("Authorization") String bearer);

        @GET
        @Path("/audit")
        Uni<JsonNode> audit(@HeaderParam("Authorization") String bearer);
    }
}
