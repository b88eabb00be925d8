package cn.ebike.subsidy.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

@RegisterRestClient(configKey = "tradein")
@RegisterProvider(ServiceTokenFilter.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface TradeInRestClient {

    /** Internal bulk read (SERVICE only): trade-ins with their dealers' district and agent-point status. */
    @POST
    @Path("/trade-ins/lookup")
    LookupAnswer<TradeInView> lookup(LookupRequest request);

    @io.quarkus.rest.client.reactive.ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return UpstreamException.of("tradein-service", response);
    }
}
