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

    /** One owner a phone leads to: id, masked name ({@code 张*}) and the last four characters of the ID number. */
    public record OwnerMatch(String id, String name, String idNumberTail) {
    }

    /**
     * Every owner with this phone (family members share phones), earliest registered first; empty when none.
     * 503 when registration cannot be asked. A registration-service older than the by-phone look-up (404 for the
     * path itself) is asked the single-owner way.
     */
    public java.util.List<OwnerMatch> ownersByPhone(String phone) {
        try {
            JsonNode answer = api.lookupAll(token.bearer(), Map.of("phone", phone));
            JsonNode items = answer == null ? null : answer.get("items");
            if (items == null || !items.isArray()) {
                throw ApiException.unavailable("registration-service answered without an owner list.");
            }
            java.util.List<OwnerMatch> matches = new java.util.ArrayList<>();
            for (JsonNode o : items) {
                String id = o.path("id").asText("");
                if (id.isBlank()) {
                    throw ApiException.unavailable("registration-service answered an owner without an id.");
                }
                String idNumber = o.path("idNumber").asText("");
                matches.add(new OwnerMatch(id, o.path("name").asText(""),
                        idNumber.length() >= 4 ? idNumber.substring(idNumber.length() - 4) : ""));
            }
            return matches;
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404 || status == 405) {
                // an older registration-service: one owner per phone
                return ownerIdByPhone(phone).map(id -> java.util.List.of(new OwnerMatch(id, "", "")))
                        .orElse(java.util.List.of());
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
