package cn.ebike.gateway.stats;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The three services' statistics endpoints, called with the regulator's own token. */
final class StatsApis {

    private StatsApis() {
    }

    @RegisterRestClient(configKey = "registration")
    @Produces(MediaType.APPLICATION_JSON)
    interface Registration {
        @GET
        @Path("/api/vehicles/stats")
        Uni<JsonNode> vehicleStats(@HeaderParam("Authorization") String bearer);
    }

    @RegisterRestClient(configKey = "tradein")
    @Produces(MediaType.APPLICATION_JSON)
    interface Tradein {
        @GET
        @Path("/api/trade-ins/stats")
        Uni<JsonNode> tradeInStats(@HeaderParam("Authorization") String bearer);
    }

    @RegisterRestClient(configKey = "subsidy")
    @Produces(MediaType.APPLICATION_JSON)
    interface Subsidy {
        @GET
        @Path("/api/campaigns")
        Uni<JsonNode> campaigns(@HeaderParam("Authorization") String bearer, @QueryParam("page") int page,
                @QueryParam("size") int size);

        @GET
        @Path("/api/campaigns/{id}/stats")
        Uni<JsonNode> campaignStats(@HeaderParam("Authorization") String bearer, @PathParam("id") String id);
    }
}
