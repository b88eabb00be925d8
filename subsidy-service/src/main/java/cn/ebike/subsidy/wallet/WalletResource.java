package cn.ebike.subsidy.wallet;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/subsidies/wallet}: the owner binds and reads the wallet grants are paid to. */
@Path("/api/subsidies/wallet")
@Produces(MediaType.APPLICATION_JSON)
public class WalletResource {

    private final WalletService wallets;
    private final Caller caller;

    public WalletResource(WalletService wallets, Caller caller) {
        this.wallets = wallets;
        this.caller = caller;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OWNER)
    public WalletView bindWallet(@Valid @NotNull WalletRequest request) {
        if (caller.ownerId().isEmpty()) {
            throw ApiException.invalid("sub", "an owner token's subject must be the owner id");
        }
        return wallets.bind(caller.ownerId().get(), request.walletId(), caller.actor());
    }

    @GET
    @RolesAllowed(Roles.OWNER)
    public WalletView wallet() {
        if (caller.ownerId().isEmpty()) {
            throw ApiException.notFound("Wallet");
        }
        return wallets.view(caller.ownerId().get()).orElseThrow(() -> ApiException.notFound("Wallet"));
    }
}
