package cn.ebike.registration.plate;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/plates")
@Produces(MediaType.APPLICATION_JSON)
public class PlateResource {

    private final PlateService service;

    private final ObjectMapper objectMapper;

    public PlateResource(PlateService service, ObjectMapper objectMapper) {
        this.service = service;
        this.objectMapper = objectMapper;
    }

    /** Public on purpose: an app needs this key to check plates offline. */
    @GET
    @Path("/public-key")
    @PermitAll
    public PublicKeyView publicKey() {
        return service.publicKey();
    }

    /**
     * Public on purpose (inspectors and citizens scan plates; the gateway rate-limits it). Always 200:
     * the body is read by hand so that even an unreadable scan is an answer ({@code MALFORMED}), not an error.
     */
    @POST
    @Path("/verify")
    @PermitAll
    public VerifyResult verify(String body) {
        return service.verify(qrPayloadOf(body));
    }

    @GET
    @Path("/{plateNumber}")
    @RolesAllowed({Roles.OWNER, Roles.DEALER, Roles.REGULATOR, Roles.ADMIN, Roles.SERVICE})
    public PlateDetailView get(@PathParam("plateNumber") String plateNumber) {
        return service.detail(plateNumber).orElseThrow(() -> ApiException.notFound("Plate"));
    }

    /**
     * The plate's QR code (what a printed plate carries: {@code qrUrl}) as SVG. The vehicle's owner, the dealer that
     * registered it and regulators; anyone else gets 404, as for an unknown plate.
     */
    @GET
    @Path("/{plateNumber}/qr.svg")
    @Produces("image/svg+xml")
    @RolesAllowed({Roles.OWNER, Roles.DEALER, Roles.REGULATOR})
    public Response qrSvg(@PathParam("plateNumber") String plateNumber) {
        String svg = service.qrSvg(plateNumber).orElseThrow(() -> ApiException.notFound("Plate"));
        // personal to the caller: never kept by a shared cache
        return Response.ok(svg, "image/svg+xml; charset=UTF-8").header("Cache-Control", "private, no-store")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    private String qrPayloadOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = objectMapper.readTree(body).get("qrPayload");
            return node != null && node.isTextual() ? node.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
