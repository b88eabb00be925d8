package cn.ebike.registration.district;

import cn.ebike.common.problem.ApiException;
import cn.ebike.registration.config.RegistrationConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The district of a dealer, which tradein-service owns: a bike a dealer registers is counted in its dealer's
 * district. Asked with the dealer's own token (a dealer may read its own dealer record) and remembered for a
 * few minutes. When tradein-service cannot answer, the registration is refused with 503 and nothing is
 * written, rather than counting the bike in a guessed district.
 */
@ApplicationScoped
public class DealerDistricts {

    private static final Logger LOG = Logger.getLogger(DealerDistricts.class);
    private static final Duration REMEMBER = Duration.ofMinutes(5);

    @RegisterRestClient(configKey = "tradein")
    @Path("/api/dealers")
    public interface TradeinDealers {
        @GET
        @Path("/{id}")
        @Produces(MediaType.APPLICATION_JSON)
        JsonNode dealer(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);
    }

    private record Known(String district, Instant until) {
    }

    private final Map<UUID, Known> known = new ConcurrentHashMap<>();

    private final TradeinDealers api;

    private final RegistrationConfig config;

    private final HttpServerRequest request;

    public DealerDistricts(@RestClient TradeinDealers api, RegistrationConfig config, HttpServerRequest request) {
        this.api = api;
        this.config = config;
        this.request = request;
    }

    public String ofDealer(UUID dealerId) {
        if (!config.district().dealerLookup()) {
            return config.district().defaultDistrict();
        }
        Known k = known.get(dealerId);
        if (k != null && k.until().isAfter(Instant.now())) {
            return k.district();
        }
        String district;
        try {
            JsonNode dealer = api.dealer(request.getHeader(HttpHeaders.AUTHORIZATION), dealerId);
            district = dealer == null ? null : dealer.path("district").asText(null);
        } catch (RuntimeException e) {
            LOG.warnf("dealer %s: district look-up failed: %s", dealerId, e.toString());
            throw ApiException.unavailable("tradein-service cannot tell the dealer's district right now; try again shortly.");
        }
        if (district == null || district.isBlank()) {
            throw ApiException.unavailable("tradein-service did not tell the dealer's district; try again shortly.");
        }
        known.put(dealerId, new Known(district, Instant.now().plus(REMEMBER)));
        return district;
    }
}
