package cn.ebike.subsidy.claim;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.ids.Ids;
import cn.ebike.common.params.QueryParams;
import cn.ebike.common.security.Roles;
import cn.ebike.common.idempotency.Idempotency;
import cn.ebike.common.idempotency.Outcome;
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

/**
 * {@code /api/subsidies}: claims, an owner's and a regulator's views. The owner's wallet
 * ({@code wallet.WalletResource}) and payout retries ({@code payout.PayoutRetryResource}) are answered by their
 * own packages, which depend on this one (never the other way round).
 */
@Path("/api/subsidies")
@Produces(MediaType.APPLICATION_JSON)
public class SubsidyResource {

    private final ClaimService claims;
    private final SubsidyQueries queries;
    private final Idempotency idempotency;
    private final Caller caller;

    public SubsidyResource(ClaimService claims, SubsidyQueries queries, Idempotency idempotency, Caller caller) {
        this.claims = claims;
        this.queries = queries;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    /** 201 with a new decision, 200 with the earlier one (same subsidy) for a trade-in claimed before. */
    @POST
    @Path("/claims")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SERVICE, Roles.REGULATOR})
    public Response claim(@Valid @NotNull ClaimRequest request, @HeaderParam(Idempotency.HEADER) String key) {
        return idempotency.afterwards(caller.subject(), key, "POST", "/api/subsidies/claims", request, () -> {
            ClaimResult r = claims.claim(request.tradeInId(), caller.actor());
            return new Outcome(status(r.outcome()), SubsidyView.of(r.subsidy()),
                    URI.create("/api/subsidies/" + r.subsidy().id()));
        });
    }

    /**
     * The HTTP status of a claim's outcome, for the single claim and for each item of a batch: 201 new
     * decision, 200 earlier decision, 404 unknown trade-in, 503 nothing recorded (retry).
     */
    static int status(ClaimOutcome outcome) {
        return switch (outcome) {
            case DECIDED -> 201;
            case REPLAYED -> 200;
            case UNKNOWN_TRADE_IN -> 404;
            case UNAVAILABLE -> 503;
        };
    }

    /**
     * Up to 200 claims in one request, decided in list order with the same engine (one read of each source,
     * one Redis call per campaign, one PostgreSQL transaction per round): 200 with one item per entry.
     */
    @POST
    @Path("/claims/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SERVICE, Roles.REGULATOR})
    public Response claimBatch(@Valid @NotNull ClaimBatchRequest request, @HeaderParam(Idempotency.HEADER) String key) {
        return idempotency.afterwards(caller.subject(), key, "POST", "/api/subsidies/claims/batch", request,
                () -> new Outcome(200,
                ClaimBatchView.of(claims.decide(request.tradeInIds(), caller.actor())), null));
    }

    @GET
    @Path("/me")
    @RolesAllowed(Roles.OWNER)
    public Page<OwnerSubsidyView> mine(@QueryParam("page") String page, @QueryParam("size") String size) {
        return queries.ofOwner(caller.ownerId().orElse(null), PageRequest.of(page, size));
    }

    @GET
    @RolesAllowed(Roles.REGULATOR)
    public Page<SubsidyView> list(@QueryParam("campaignId") String campaignId, @QueryParam("phaseId") String phaseId,
            @QueryParam("status") String status, @QueryParam("dealerId") String dealerId,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        var campaign = QueryParams.uuid("campaignId", campaignId);
        var phase = QueryParams.uuid("phaseId", phaseId);
        var st = QueryParams.enumValue("status", status, SubsidyStatus.class);
        var dealer = QueryParams.uuid("dealerId", dealerId);
        return queries.search(campaign, phase, st, dealer, PageRequest.of(page, size));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OWNER, Roles.REGULATOR})
    public SubsidyView one(@PathParam("id") String id) {
        return queries.visible(Ids.pathId(id, "Subsidy"), caller).map(SubsidyView::of)
                .orElseThrow(() -> ApiException.notFound("Subsidy"));
    }

    /** The subsidy's audit trail (decision and every payout step). */
    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.OWNER, Roles.REGULATOR})
    public List<SubsidyQueries.HistoryEntry> history(@PathParam("id") String id) {
        Subsidy s = queries.visible(Ids.pathId(id, "Subsidy"), caller)
                .orElseThrow(() -> ApiException.notFound("Subsidy"));
        return queries.history(s.id());
    }
}
