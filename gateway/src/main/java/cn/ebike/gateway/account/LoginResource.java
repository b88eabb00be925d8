package cn.ebike.gateway.account;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.core.Response;
import cn.ebike.gateway.session.SessionHttp;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/auth/login")
public class LoginResource {

    /** {@code client}: {@code "native"} for an app that keeps the refresh token itself (it comes in the body). */
    public record Credentials(@NotBlank @Size(max = 200) String username, @NotNull @Size(max = 200) String password,
            @Pattern(regexp = "browser|native", message = "must be browser or native") String client) {
    }

    private final AccountService service;
    private final SessionHttp http;

    public LoginResource(AccountService service, SessionHttp http) {
        this.service = service;
        this.http = http;
    }

    @POST
    @PermitAll // the login itself; rate-limited per address by the router and locked per username here
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response login(@Valid @NotNull Credentials credentials) {
        AccountService.SignedIn in = service.login(credentials.username(), credentials.password());
        return http.answer(in.answer(), in.session(), SessionHttp.isNative(credentials.client()));
    }
}
