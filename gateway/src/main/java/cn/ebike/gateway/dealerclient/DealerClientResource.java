package cn.ebike.gateway.dealerclient;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Roles;
import cn.ebike.gateway.dealerclient.DealerClientService.Caller;
import cn.ebike.gateway.dealerclient.DealerClientService.Change;
import cn.ebike.gateway.dealerclient.DealerClientService.NewClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import cn.ebike.common.validation.SafeText;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Dealer API credentials (client credentials for shop software). ADMIN and REGULATOR manage every
 * dealer's clients; a dealer's staff may look at their own dealer's.
 */
@Path("/api/auth/clients")
@Tag(name = "Dealer API clients")
@Produces(MediaType.APPLICATION_JSON)
public class DealerClientResource {

    public record CreateClientRequest(
            @NotNull UUID dealerId,
            @NotBlank @Size(max = 100) @SafeText String name,
            @Min(1) @Max(100_000) Integer rateLimitPerMinute) {
    }

    public record ChangeClientRequest(
            @Size(min = 1, max = 100) @SafeText String name,
            @Min(1) @Max(100_000) Integer rateLimitPerMinute) {
    }

    private final DealerClientService service;
    private final DealerClientRevocations revocations;
    private final ObjectMapper json;
    private final Validator validator;
    private final cn.ebike.common.security.Caller who;

    public DealerClientResource(DealerClientService service, DealerClientRevocations revocations, ObjectMapper json,
            Validator validator, cn.ebike.common.security.Caller who) {
        this.service = service;
        this.revocations = revocations;
        this.json = json;
        this.validator = validator;
        this.who = who;
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.REGULATOR})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a dealer API client; its secret is shown in this answer only")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateClientRequest.class)))
    public Response create(String body, @HeaderParam("Idempotency-Key") String idempotencyKey) throws JsonProcessingException {
        CreateClientRequest request = read(body, CreateClientRequest.class);
        DealerClientService.Stored created = service.create(
                new NewClient(request.dealerId(), request.name(), request.rateLimitPerMinute()), caller(),
                Optional.ofNullable(idempotencyKey), body);
        return stored(created);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.REGULATOR, Roles.DEALER})
    @Operation(summary = "List API clients (a dealer's staff see their own dealer's); secrets are never shown")
    public DealerClientService.Page<DealerClientService.ClientView> list(@QueryParam("dealerId") UUID dealerId,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        // read as text: "1.5" or "x" is a 400 naming the parameter (an int parameter would answer 404)
        cn.ebike.common.paging.PageRequest request = cn.ebike.common.paging.PageRequest.of(page, size);
        if (request.page() > 1_000_000) {
            throw ApiException.invalid("page", "must be between 0 and 1000000");
        }
        return service.list(dealerId, (int) request.page(), request.size(), caller());
    }

    @GET
    @Path("/{clientId}")
    @RolesAllowed({Roles.ADMIN, Roles.REGULATOR, Roles.DEALER})
    @Operation(summary = "One API client, its live secrets' ids and last use")
    public DealerClientService.ClientView get(@PathParam("clientId") String clientId) {
        return service.get(clientId, caller());
    }

    @GET
    @Path("/{clientId}/history")
    @RolesAllowed({Roles.ADMIN, Roles.REGULATOR, Roles.DEALER})
    @Operation(summary = "Who created, rotated, changed or revoked the client, and when")
    public List<DealerClientService.AuditView> history(@PathParam("clientId") String clientId) {
        return service.history(clientId, caller());
    }

    @PATCH
    @Path("/{clientId}")
    @RolesAllowed({Roles.ADMIN, Roles.REGULATOR})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename a client or change its rate limit (tokens issued from now on)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ChangeClientRequest.class)))
    public DealerClientService.ClientView update(@PathParam("clientId") String clientId, String body)
            throws JsonProcessingException {
        ChangeClientRequest request = read(body, ChangeClientRequest.class);
        return service.update(clientId, new Change(request.name(), request.rateLimitPerMinute()), caller());
    }

    @POST
    @Path("/{clientId}/secrets")
    @RolesAllowed({Roles.ADMIN, Roles.REGULATOR})
    @Operation(summary = "Add a second secret (rotation); shown in this answer only; 409 when two are live")
    public Response addSecret(@PathParam("clientId") String clientId, String body,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return stored(service.addSecret(clientId, caller(), Optional.ofNullable(idempotencyKey), body == null ? "" : body));
    }

    @DELETE
    @Path("/{clientId}/secrets/{secretId}")
    @RolesAllowed({Roles.ADMIN, Roles.REGULATOR})
    @Operation(summary = "Revoke one secret (after rotation); 409 for the last live one")
    public DealerClientService.ClientView revokeSecret(@PathParam("clientId") String clientId,
            @PathParam("secretId") UUID secretId) {
        return service.revokeSecret(clientId, secretId, caller());
    }

    @DELETE
    @Path("/{clientId}")
    @RolesAllowed({Roles.ADMIN, Roles.REGULATOR})
    @Operation(summary = "Revoke the client: no new tokens, and its tokens stop working")
    public DealerClientService.ClientView revoke(@PathParam("clientId") String clientId) {
        DealerClientService.ClientView view = service.revoke(clientId, caller());
        revocations.revokedHere(view.clientId());
        return view;
    }

    private Caller caller() {
        return new Caller(who.name(), who.role(), who.dealerId().orElse(null));
    }

    private <T> T read(String body, Class<T> type) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            throw ApiException.invalid("body", "is required");
        }
        T request = json.readValue(body, type);
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }

    private static Response stored(DealerClientService.Stored s) {
        return Response.status(s.status()).type(MediaType.APPLICATION_JSON).entity(s.body())
                .header("Cache-Control", "no-store").build();
    }
}
