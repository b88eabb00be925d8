package cn.ebike.gateway.owner;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** registration-service's internal owner look-up (SERVICE only), see CONTRACT. */
@RegisterRestClient(configKey = "registration")
@Path("/api/owners")
interface RegistrationApi {

    @POST
    @Path("/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode lookup(@HeaderParam("Authorization") String bearer, Map<String, String> body);

    /** Every owner sharing the phone: {@code {"items":[{"id","name","idNumber","phone"}]}} (masked). */
    @POST
    @Path("/lookup/by-phone")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode lookupAll(@HeaderParam("Authorization") String bearer, Map<String, String> body);
}
