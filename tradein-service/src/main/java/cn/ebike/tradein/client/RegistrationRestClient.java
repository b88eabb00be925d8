package cn.ebike.tradein.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** registration-service's vehicle endpoints; used only through {@link RegistrationClient}. */
@RegisterRestClient(configKey = "registration")
@RegisterProvider(ServiceTokenFilter.class)
@Path("/api/vehicles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface RegistrationRestClient {

    @GET
    @Path("/{id}")
    RegistrationVehicle vehicle(@PathParam("id") UUID id);

    @POST
    @Path("/{id}/scrap")
    RegistrationVehicle scrap(@PathParam("id") UUID id, ScrapRequest request);

    record ScrapRequest(String reason, String reference) {
    }
}
