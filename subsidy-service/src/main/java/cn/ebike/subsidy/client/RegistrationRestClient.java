package cn.ebike.subsidy.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

@RegisterRestClient(configKey = "registration")
@RegisterProvider(ServiceTokenFilter.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface RegistrationRestClient {

    /** Internal bulk read (SERVICE only): vehicles as {@code GET /api/vehicles/{id}} shows them. */
    @POST
    @Path("/vehicles/lookup")
    LookupAnswer<VehicleView> lookup(LookupRequest request);

    @io.quarkus.rest.client.reactive.ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return UpstreamException.of("registration-service", response);
    }
}
