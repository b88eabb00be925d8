package cn.ebike.tradein.tradein;

import cn.ebike.tradein.audit.Actor;
import cn.ebike.tradein.audit.AuditEntry;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.params.QueryParams;
import cn.ebike.common.security.Roles;
import cn.ebike.common.idempotency.Idempotency;
import cn.ebike.common.idempotency.Outcome;
import cn.ebike.tradein.outbox.ClaimOutbox;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
import java.util.UUID;

/** Trade-ins. Every transition is its own endpoint; no request body ever carries a status. */
@Path("/api/trade-ins")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TradeInResource {

    private final TradeInService tradeIns;

    private final Idempotency idempotency;

    private final Caller caller;

    public TradeInResource(TradeInService tradeIns, Idempotency idempotency, Caller caller) {
        this.tradeIns = tradeIns;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.DEALER)
    public Response open(@Valid @NotNull TradeInRequests.Open request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        Actor actor = Actor.of(caller);
        return idempotency.prepareThenCreate(caller.subject(), idempotencyKey, "POST", "/api/trade-ins", request,
                () -> tradeIns.checkOpen(request, caller),
                check -> {
                    var created = tradeIns.open(check, actor);
                    return Outcome.created(created, URI.create("/api/trade-ins/" + created.id()));
                });
    }

    @GET
    @RolesAllowed({Roles.REGULATOR, Roles.DEALER, Roles.OWNER})
    public Page<TradeInView> list(@QueryParam("page") String page, @QueryParam("size") String size,
            @QueryParam("status") String status, @QueryParam("dealerId") String dealerId,
            @QueryParam("ownerId") String ownerId) {
        return tradeIns.list(caller, QueryParams.enumValue("status", status, TradeInStatus.class),
                QueryParams.uuid("dealerId", dealerId), QueryParams.uuid("ownerId", ownerId),
                PageRequest.of(page, size));
    }

    @GET
    @Path("/stats")
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public TradeInStats stats() {
        return tradeIns.stats();
    }

    /** The claim outbox, so a regulator can see a claim that subsidy-service has not taken yet and why. */
    @GET
    @Path("/claims")
    @RolesAllowed(Roles.REGULATOR)
    public Page<ClaimOutbox.ClaimView> claims(@QueryParam("delivered") String delivered,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        return tradeIns.claims(QueryParams.bool("delivered", delivered), PageRequest.of(page, size));
    }

    /** Internal: many trade-ins and their dealers at once (subsidy-service decides claims in batches). */
    @POST
    @Path("/lookup")
    @RolesAllowed(Roles.SERVICE)
    public TradeInLookup.Answer lookup(@Valid @NotNull TradeInLookup.Request request) {
        return tradeIns.lookup(request.ids());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.REGULATOR, Roles.DEALER, Roles.OWNER, Roles.SERVICE})
    public TradeInView get(@PathParam("id") UUID id) {
        return tradeIns.find(id, caller).orElseThrow(() -> ApiException.notFound("trade-in"));
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.REGULATOR, Roles.DEALER, Roles.OWNER})
    public List<AuditEntry.AuditView> history(@PathParam("id") UUID id) {
        return tradeIns.history(id, caller).orElseThrow(() -> ApiException.notFound("trade-in"));
    }

    @POST
    @Path("/{id}/recycling")
    @RolesAllowed(Roles.DEALER)
    public TradeInView recycling(@PathParam("id") UUID id, @Valid @NotNull TradeInRequests.Recycling request) {
        return tradeIns.recordRecycling(id, request, caller);
    }

    @POST
    @Path("/{id}/new-vehicle")
    @RolesAllowed(Roles.DEALER)
    public TradeInView newVehicle(@PathParam("id") UUID id, @Valid @NotNull TradeInRequests.NewVehicle request) {
        return tradeIns.recordNewVehicle(id, request, caller);
    }

    @POST
    @Path("/{id}/completion")
    @RolesAllowed(Roles.DEALER)
    public TradeInView complete(@PathParam("id") UUID id) {
        return tradeIns.complete(id, caller);
    }

    @POST
    @Path("/{id}/cancellation")
    @RolesAllowed({Roles.DEALER, Roles.REGULATOR})
    public TradeInView cancel(@PathParam("id") UUID id, @Valid @NotNull TradeInRequests.Cancellation request) {
        return tradeIns.cancel(id, request, caller);
    }
}
