package cn.ebike.tradein.supervision;

import cn.ebike.common.idempotency.Idempotency;
import cn.ebike.common.idempotency.Outcome;
import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.security.Roles;
import cn.ebike.tradein.audit.Actor;
import jakarta.annotation.security.PermitAll;
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
import java.util.Optional;
import java.util.UUID;

/**
 * Supervision of a dealer (一店一查): inspections, rectifications, the credit grade and the public card. Under the
 * dealer's path, but in this package: supervision depends on dealers, never the other way round. Thin.
 */
@Path("/api/dealers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SupervisionResource {

    private final SupervisionService supervision;

    private final Idempotency idempotency;

    private final Caller caller;

    public SupervisionResource(SupervisionService supervision, Idempotency idempotency, Caller caller) {
        this.supervision = supervision;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @POST
    @Path("/{id}/inspections")
    @RolesAllowed(Roles.REGULATOR)
    public Response recordInspection(@PathParam("id") UUID id,
            @Valid @NotNull SupervisionRequests.RecordInspection request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        Actor actor = Actor.of(caller);
        return idempotency.prepareThenCreate(caller.subject(), idempotencyKey, "POST",
                "/api/dealers/" + id + "/inspections", request,
                () -> request,
                r -> {
                    var created = supervision.recordInspection(id, r, actor);
                    return Outcome.created(created, URI.create("/api/dealers/" + id + "/inspections/" + created.id()));
                });
    }

    @GET
    @Path("/{id}/inspections")
    @RolesAllowed({Roles.REGULATOR, Roles.DEALER})
    public Page<SupervisionViews.InspectionView> inspections(@PathParam("id") UUID id,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        return supervision.inspections(id, caller, PageRequest.of(page, size))
                .orElseThrow(() -> ApiException.notFound("dealer"));
    }

    @GET
    @Path("/{id}/rectifications")
    @RolesAllowed({Roles.REGULATOR, Roles.DEALER})
    public List<SupervisionViews.RectificationView> rectifications(@PathParam("id") UUID id) {
        return supervision.rectifications(id, caller).orElseThrow(() -> ApiException.notFound("dealer"));
    }

    @POST
    @Path("/{id}/rectifications/{rid}/submission")
    @RolesAllowed(Roles.DEALER)
    public SupervisionViews.RectificationView submitRectification(@PathParam("id") UUID id,
            @PathParam("rid") UUID rectificationId, @Valid @NotNull SupervisionRequests.Submission request) {
        return supervision.submit(id, rectificationId, request.note(), caller);
    }

    @POST
    @Path("/{id}/rectifications/{rid}/review")
    @RolesAllowed(Roles.REGULATOR)
    public SupervisionViews.RectificationView reviewRectification(@PathParam("id") UUID id,
            @PathParam("rid") UUID rectificationId, @Valid @NotNull SupervisionRequests.Review request) {
        return supervision.review(id, rectificationId, request.accepted(), request.note(), caller);
    }

    @GET
    @Path("/{id}/credit")
    @RolesAllowed({Roles.REGULATOR, Roles.DEALER})
    public SupervisionViews.CreditView credit(@PathParam("id") UUID id) {
        return supervision.credit(id, caller).orElseThrow(() -> ApiException.notFound("dealer"));
    }

    /** 品质信用码: public on purpose (a consumer scans the card hung in the shop); nothing personal in it. */
    @GET
    @Path("/{id}/public")
    @PermitAll
    public SupervisionViews.PublicCard publicCard(@PathParam("id") UUID id) {
        return supervision.publicCard(id).orElseThrow(() -> ApiException.notFound("dealer"));
    }

    /** The QR of the public card's page, to print and hang up in the shop; public like the card. */
    @GET
    @Path("/{id}/public/qr.svg")
    @PermitAll
    @Produces("image/svg+xml")
    public Response publicCardQr(@PathParam("id") UUID id) {
        return supervision.cardQrSvg(id).map(svg -> Response.ok(svg, "image/svg+xml").build())
                .orElseThrow(() -> ApiException.notFound("dealer"));
    }

    @GET
    @Path("/due-for-inspection")
    @RolesAllowed(Roles.REGULATOR)
    public Page<SupervisionViews.DueForInspection> dueForInspection(@QueryParam("measure") String measure,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        Optional<SupervisionMeasure> wanted = Optional.ofNullable(measure).filter(m -> !m.isBlank()).map(m -> {
            try {
                return SupervisionMeasure.valueOf(m);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("measure", "must be one of NORMAL, FOLLOW_UP, FOCUS, SPECIAL");
            }
        });
        return supervision.dueForInspection(wanted, PageRequest.of(page, size));
    }
}
