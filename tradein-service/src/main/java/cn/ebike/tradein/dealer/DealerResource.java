package cn.ebike.tradein.dealer;

import cn.ebike.tradein.audit.Actor;
import cn.ebike.tradein.audit.AuditEntry;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.security.Roles;
import cn.ebike.common.idempotency.Idempotency;
import cn.ebike.common.idempotency.Outcome;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Dealers on the platform. Thin: parse, authorise the role, delegate, map. */
@Path("/api/dealers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DealerResource {

    private final DealerService dealers;

    private final Idempotency idempotency;

    private final Caller caller;

    public DealerResource(DealerService dealers, Idempotency idempotency, Caller caller) {
        this.dealers = dealers;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.REGULATOR)
    public Response create(@Valid @NotNull DealerRequests.CreateDealer request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        Actor actor = Actor.of(caller);
        return idempotency.prepareThenCreate(caller.subject(), idempotencyKey, "POST", "/api/dealers", request,
                () -> request,
                r -> {
                    var created = dealers.create(r, actor);
                    return Outcome.created(created, URI.create("/api/dealers/" + created.id()));
                });
    }

    @GET
    @RolesAllowed({Roles.REGULATOR, Roles.DEALER})
    public Page<DealerView> list(@QueryParam("page") String page, @QueryParam("size") String size,
            @QueryParam("district") String district) {
        return dealers.list(caller, Optional.ofNullable(district).filter(d -> !d.isBlank()),
                PageRequest.of(page, size));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.REGULATOR, Roles.DEALER, Roles.SERVICE})
    public DealerView get(@PathParam("id") UUID id) {
        return dealers.find(id, caller).orElseThrow(() -> ApiException.notFound("dealer"));
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.REGULATOR, Roles.DEALER})
    public List<AuditEntry.AuditView> history(@PathParam("id") UUID id) {
        return dealers.history(id, caller).orElseThrow(() -> ApiException.notFound("dealer"));
    }

    @POST
    @Path("/{id}/commitment")
    @RolesAllowed(Roles.DEALER)
    public DealerView signCommitment(@PathParam("id") UUID id) {
        return dealers.signCommitment(id, caller);
    }

    @POST
    @Path("/{id}/trade-in-enabled")
    @RolesAllowed(Roles.DEALER)
    public DealerView enableTradeIn(@PathParam("id") UUID id) {
        return dealers.enableTradeIn(id, caller);
    }

    @DELETE
    @Path("/{id}/trade-in-enabled")
    @RolesAllowed(Roles.DEALER)
    public DealerView disableTradeIn(@PathParam("id") UUID id) {
        return dealers.disableTradeIn(id, caller);
    }

    @POST
    @Path("/{id}/authorization")
    @RolesAllowed(Roles.REGULATOR)
    public DealerView authorize(@PathParam("id") UUID id, @Valid @NotNull DealerRequests.Authorization request) {
        return dealers.authorize(id, request.authorized(), caller);
    }
}
