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
import cn.ebike.common.problem.ApiException;
import cn.ebike.gateway.session.SessionHttp;
import cn.ebike.gateway.session.Sessions;
import cn.ebike.gateway.session.TokenAnswer;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Owners sign in with their phone and a one-time SMS code. */
@Path("/api/auth/owner")
public class OwnerLoginResource {

    static final String PHONE = "1[3-9][0-9]{9}";

    public record CodeRequest(@NotNull @Pattern(regexp = PHONE, message = "must be an 11-digit mobile number") String phone) {
    }

    /**
     * {@code idNumberTail}: which owner signs in when several share the phone (the last four characters of the ID
     * number, as the 409 choices list them); {@code client}: {@code "native"} to get the refresh token in the body.
     */
    public record OwnerLogin(
            @NotNull @Pattern(regexp = PHONE, message = "must be an 11-digit mobile number") String phone,
            @NotNull @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String code,
            @Pattern(regexp = "[0-9]{3}[0-9Xx]", message = "must be the last 4 characters of the ID number") String idNumberTail,
            @Pattern(regexp = "browser|native", message = "must be browser or native") String client) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CodeResponse(long expiresIn, String devCode) {
    }

    public record TokenResponse(String accessToken, String tokenType, long expiresIn, List<String> roles,
            UUID dealerId) {
    }

    private final OwnerCodes codes;
    private final Sessions sessions;
    private final SessionHttp http;
    private final TokenIssuer issuer;

    public OwnerLoginResource(OwnerCodes codes, Sessions sessions, SessionHttp http, TokenIssuer issuer) {
        this.codes = codes;
        this.sessions = sessions;
        this.http = http;
        this.issuer = issuer;
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
    public Response login(@Valid @NotNull OwnerLogin request,
            @jakarta.ws.rs.HeaderParam("X-Forwarded-For") String clientAddress) {
        // X-Forwarded-For here is the address ApiEdgeFilter resolved (a caller's own claim never passes)
        OwnerCodes.Outcome outcome = codes.login(request.phone(), request.code(), request.idNumberTail(), clientAddress);
        if (outcome instanceof OwnerCodes.ChoiceRequired choice) {
            throw ApiException.conflict("owner-choice-required", request.idNumberTail() == null
                    ? "Several owners use this phone: repeat the call with idNumberTail, the last four characters of your ID number."
                    : "No single owner of this phone has that ID number ending: choose one of these.")
                    .with("choices", choice.choices()).withHeader("Cache-Control", "no-store");
        }
        String ownerId = ((OwnerCodes.SignedIn) outcome).ownerId();
        Sessions.Issued session = sessions.start(ownerId, Sessions.Kind.OWNER);
        TokenIssuer.IssuedToken token = issuer.forOwner(ownerId, session.sessionId());
        return http.answer(new TokenAnswer(token.token(), "Bearer", token.expiresIn(), List.of("OWNER"), null, null),
                session, SessionHttp.isNative(request.client()));
    }
}
