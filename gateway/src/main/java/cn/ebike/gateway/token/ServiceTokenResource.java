package cn.ebike.gateway.token;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * OAuth2 client credentials grant (RFC 6749 §4.4): for service-to-service calls (the only way to
 * obtain a SERVICE token) and for dealers' API clients (a DEALER token bound to the client's dealer).
 * Accepts client_secret_post and client_secret_basic.
 */
@Path("/api/auth/token")
public class ServiceTokenResource {

    private final ServiceClients clients;
    private final DealerClientCredentials dealerClients;
    private final TokenIssuer issuer;

    public ServiceTokenResource(ServiceClients clients, DealerClientCredentials dealerClients, TokenIssuer issuer) {
        this.clients = clients;
        this.dealerClients = dealerClients;
        this.issuer = issuer;
    }

    @POST
    @PermitAll // anonymous by nature: the client authenticates with its secret in the request
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(@FormParam("grant_type") String grantType,
            @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret,
            @HeaderParam("Authorization") String authorization) {
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        if (basic) {
            String[] pair = decodeBasic(authorization.substring(6).trim());
            if (pair == null) {
                return invalidClient(true);
            }
            if (clientId != null && !clientId.equals(pair[0])) {
                return invalidClient(true);
            }
            clientId = pair[0];
            clientSecret = pair[1];
        }
        if (!"client_credentials".equals(grantType)) {
            return error(400, "unsupported_grant_type", false);
        }
        TokenIssuer.IssuedToken token;
        if (clients.enabled(clientId)) {
            if (!clients.authenticate(clientId, clientSecret)) {
                return invalidClient(basic);
            }
            token = issuer.forService(clientId);
        } else {
            // a dealer's API client (dealerclient): a DEALER token bound to its dealer
            Optional<DealerClientCredentials.Authenticated> dealerClient = dealerClients.authenticate(clientId, clientSecret);
            if (dealerClient.isEmpty()) {
                clients.authenticate(clientId, clientSecret); // same work as a wrong service secret
                return invalidClient(basic);
            }
            DealerClientCredentials.Authenticated c = dealerClient.get();
            token = issuer.forDealerClient(c.clientId(), c.dealerId(), c.rateLimitPerMinute());
        }
        return Response.ok(Map.of("access_token", token.token(), "token_type", "Bearer",
                "expires_in", token.expiresIn()))
                .header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    private static String[] decodeBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding
            return new String[] {
                URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8) };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Response invalidClient(boolean basic) {
        return error(401, "invalid_client", basic);
    }

    private static Response error(int status, String code, boolean basic) {
        Response.ResponseBuilder b = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", code)).header("Cache-Control", "no-store");
        if (basic) {
            b.header("WWW-Authenticate", "Basic realm=\"ebike-gateway\"");
        }
        return b.build();
    }
}
