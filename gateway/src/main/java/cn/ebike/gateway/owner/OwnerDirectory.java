package cn.ebike.gateway.owner;

import cn.ebike.common.problem.ApiException;
import cn.ebike.gateway.token.GatewayServiceToken;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Finds an owner by phone in registration-service, with the gateway's own SERVICE token.
 */
@ApplicationScoped
public class OwnerDirectory {

    private static final Logger LOG = Logger.getLogger(OwnerDirectory.class);

    private final RegistrationApi api;
    private final GatewayServiceToken token;

    public OwnerDirectory(@RestClient RegistrationApi api, GatewayServiceToken token) {
        this.api = api;
        this.token = token;
    }

    /** The owner's id, empty when registration does not know the phone; 503 when it cannot be asked. */
    public Optional<String> ownerIdByPhone(String phone) {
        try {
            JsonNode owner = api.lookup(token.bearer(), Map.of("phone", phone));
            JsonNode id = owner == null ? null : owner.get("id");
            if (id == null || id.asText().isBlank()) {
                throw ApiException.unavailable("registration-service answered without an owner id.");
            }
            return Optional.of(id.asText());
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return Optional.empty();
            }
            if (status == 401) {
                token.forget();
            }
            LOG.warnf("owner look-up answered %d", status);
            throw ApiException.unavailable("Owner look-up is unavailable right now; try again shortly.");
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("owner look-up failed: %s", e.toString());
            throw ApiException.unavailable("Owner look-up is unavailable right now; try again shortly.");
        }
    }
}
