package cn.ebike.gateway.dealerclient;

import cn.ebike.common.problem.ApiException;
import cn.ebike.gateway.token.GatewayServiceToken;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/** Asks tradein-service, which owns dealers, whether a dealer exists (with the gateway's SERVICE token). */
@ApplicationScoped
public class DealerDirectory {

    private static final Logger LOG = Logger.getLogger(DealerDirectory.class);

    @RegisterRestClient(configKey = "tradein")
    @Path("/api/dealers")
    interface TradeinDealers {
        @GET
        @Path("/{id}")
        @Produces(MediaType.APPLICATION_JSON)
        JsonNode dealer(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);
    }

    private final TradeinDealers api;
    private final GatewayServiceToken token;

    public DealerDirectory(@RestClient TradeinDealers api, GatewayServiceToken token) {
        this.api = api;
        this.token = token;
    }

    /** True when tradein-service knows the dealer, false on its 404; 503 when it cannot be asked. */
    public boolean exists(UUID dealerId) {
        try {
            JsonNode dealer = api.dealer(token.bearer(), dealerId);
            return dealer != null && dealerId.toString().equals(dealer.path("id").asText());
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return false;
            }
            if (status == 401) {
                token.forget();
            }
            LOG.warnf("dealer look-up answered %d", status);
            throw ApiException.unavailable("tradein-service cannot confirm the dealer right now; try again shortly.");
        } catch (RuntimeException e) {
            LOG.warnf("dealer look-up failed: %s", e.toString());
            throw ApiException.unavailable("tradein-service cannot confirm the dealer right now; try again shortly.");
        }
    }
}
