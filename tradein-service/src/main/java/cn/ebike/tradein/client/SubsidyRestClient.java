package cn.ebike.tradein.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** subsidy-service's claim intake, in batches; used only through {@link SubsidyClient}. */
@RegisterRestClient(configKey = "subsidy")
@RegisterProvider(ServiceTokenFilter.class)
@Path("/api/subsidies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface SubsidyRestClient {

    @POST
    @Path("/claims/batch")
    Response claimBatch(BatchRequest request);

    record BatchRequest(List<UUID> tradeInIds) {
    }

    /** subsidy's answer: one item per claim, in the order posted (the subsidy itself is not needed here). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record BatchAnswer(List<Item> items) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(UUID tradeInId, int status, String detail) {
    }
}
