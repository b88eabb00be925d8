package cn.ebike.registration.owner;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Roles;
import cn.ebike.common.idempotency.Idempotency;
import cn.ebike.common.security.Caller;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

@Path("/api/owners")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OwnerResource {

    private final OwnerService service;

    private final Idempotency idempotency;

    private final Caller caller;

    public OwnerResource(OwnerService service, Idempotency idempotency, Caller caller) {
        this.service = service;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    /** 201 with a new owner; 200 with the existing one when the ID number is already known. */
    @POST
    @RolesAllowed({Roles.DEALER, Roles.REGULATOR})
    public Response register(@HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Valid @NotNull CreateOwnerRequest body) {
        return idempotency.execute(caller.subject(), idempotencyKey, "POST", "/api/owners", body, () -> {
            OwnerService.Registration registration = service.register(body);
            return registration.created()
                    ? Outcome.created(registration.owner(), URI.create("/api/owners/" + registration.owner().id()))
                    : Outcome.ok(registration.owner());
        });
    }

    /** One owner: REGULATOR and SERVICE, or the owner themself; anyone else gets 404. */
    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OWNER, Roles.REGULATOR, Roles.SERVICE})
    public OwnerView get(@PathParam("id") String id) {
        return service.visible(id).orElseThrow(() -> ApiException.notFound("Owner"));
    }

    /**
     * A regulator corrects an owner's name and/or phone: {@code {"name","phone","reason"}}, reason required;
     * audited with the reason; the owner's sessions end at the gateway. 404 for an unknown owner.
     */
    @jakarta.ws.rs.PATCH
    @Path("/{id}")
    @RolesAllowed(Roles.REGULATOR)
    public OwnerView correct(@PathParam("id") String id, @Valid @NotNull OwnerCorrection body) {
        return service.correct(id, body).orElseThrow(() -> ApiException.notFound("Owner"));
    }

    /** The calling owner's own record (token {@code sub} = owner id). */
    @GET
    @Path("/me")
    @RolesAllowed(Roles.OWNER)
    public OwnerView me() {
        return service.me();
    }

    /** Internal: the gateway's SMS login finds the owner of a phone number. */
    @POST
    @Path("/lookup")
    @RolesAllowed(Roles.SERVICE)
    public OwnerView lookup(@Valid @NotNull PhoneLookupRequest body) {
        return service.findByPhone(body.phone()).orElseThrow(() -> ApiException.notFound("Owner"));
    }

    /**
     * Internal: every owner with this phone (a phone may be shared by family members), masked, earliest first;
     * {@code {"items":[]}} when none. The gateway's SMS login asks which of them is signing in.
     */
    @POST
    @Path("/lookup/by-phone")
    @RolesAllowed(Roles.SERVICE)
    public PhoneMatches lookupAll(@Valid @NotNull PhoneLookupRequest body) {
        return new PhoneMatches(service.allByPhone(body.phone()));
    }

    /** The answer of {@link #lookupAll}. */
    public record PhoneMatches(java.util.List<OwnerView> items) {
    }
}
