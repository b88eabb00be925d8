package cn.ebike.gateway.account;

import cn.ebike.gateway.account.AccountService.NewAccount;
import cn.ebike.common.problem.ApiException;
import cn.ebike.gateway.token.TokenIssuer.Role;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

@Path("/api/auth/accounts")
public class AccountResource {

    /** Request body; validated field by field, the raw text kept for the idempotency hash. */
    public record CreateAccountRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{3,64}", message = "must be 3 to 64 letters, digits, '.', '_' or '-'") String username,
            @NotNull @Size(min = 12, message = "must be at least 12 characters") String password,
            @NotNull Role role,
            UUID dealerId) {
    }

    private final AccountService service;
    private final ObjectMapper json;
    private final Validator validator;
    private final JsonWebToken caller;

    public AccountResource(AccountService service, ObjectMapper json, Validator validator, JsonWebToken caller) {
        this.service = service;
        this.json = json;
        this.validator = validator;
        this.caller = caller;
    }

    /** The body is read as text so that an Idempotency-Key can be matched against exactly what was sent. */
    @POST
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true,
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = CreateAccountRequest.class)))
    public Response create(String body, @HeaderParam("Idempotency-Key") String idempotencyKey)
            throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            throw ApiException.invalid("body", "is required");
        }
        CreateAccountRequest request = json.readValue(body, CreateAccountRequest.class);
        Set<ConstraintViolation<CreateAccountRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        AccountService.Created created = service.create(
                new NewAccount(request.username(), request.password(), request.role(), request.dealerId()),
                caller.getSubject(), Optional.ofNullable(idempotencyKey), body);
        return Response.status(created.status()).type(MediaType.APPLICATION_JSON).entity(created.body()).build();
    }
}
