package cn.ebike.gateway.account;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/auth/login")
public class LoginResource {

    public record Credentials(@NotBlank @Size(max = 200) String username, @NotNull @Size(max = 200) String password) {
    }

    private final AccountService service;

    public LoginResource(AccountService service) {
        this.service = service;
    }

    @POST
    @PermitAll // the login itself; rate-limited per address by the router and locked per username here
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public AccountService.LoginResult login(@Valid @NotNull Credentials credentials) {
        return service.login(credentials.username(), credentials.password());
    }
}
