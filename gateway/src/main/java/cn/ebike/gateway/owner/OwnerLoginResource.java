package cn.ebike.gateway.owner;

import cn.ebike.gateway.token.TokenIssuer;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** Owners sign in with their phone and a one-time SMS code. */
@Path("/api/auth/owner")
public class OwnerLoginResource {

    static final String PHONE = "1[3-9][0-9]{9}";

    public record CodeRequest(@NotNull @Pattern(regexp = PHONE, message = "must be an 11-digit mobile number") String phone) {
    }

    public record OwnerLogin(
            @NotNull @Pattern(regexp = PHONE, message = "must be an 11-digit mobile number") String phone,
            @NotNull @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String code) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CodeResponse(long expiresIn, String devCode) {
    }

    public record TokenResponse(String accessToken, String tokenType, long expiresIn, List<String> roles,
            UUID dealerId) {
    }

    private final OwnerCodes codes;

    public OwnerLoginResource(OwnerCodes codes) {
        this.codes = codes;
    }

    @POST
    @Path("/code")
    @PermitAll // asking for a code is how an owner starts signing in; limited per address and per phone
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response requestCode(@Valid @NotNull CodeRequest request) {
        OwnerCodes.CodeIssued issued = codes.requestCode(request.phone());
        return Response.accepted(new CodeResponse(issued.expiresIn(), issued.devCode())).build();
    }

    @POST
    @Path("/login")
    @PermitAll // the code is the credential
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public TokenResponse login(@Valid @NotNull OwnerLogin request) {
        TokenIssuer.IssuedToken token = codes.login(request.phone(), request.code());
        return new TokenResponse(token.token(), "Bearer", token.expiresIn(), List.of("OWNER"), null);
    }
}
