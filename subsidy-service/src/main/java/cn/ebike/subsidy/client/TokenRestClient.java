package cn.ebike.subsidy.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The gateway's client-credentials endpoint; its URL is the whole SERVICE_TOKEN_URL. */
@RegisterRestClient(configKey = "service-token")
interface TokenRestClient {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    TokenResponse token(@FormParam("grant_type") String grantType, @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret);

    @io.quarkus.rest.client.reactive.ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return UpstreamException.of("gateway token endpoint", response);
    }
}
