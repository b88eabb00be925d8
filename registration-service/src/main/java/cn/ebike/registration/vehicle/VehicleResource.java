package cn.ebike.registration.vehicle;

import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.security.Roles;
import cn.ebike.common.idempotency.Idempotency;
import cn.ebike.common.security.Caller;
import cn.ebike.common.idempotency.Outcome;
import cn.ebike.registration.importer.FilingImport;
import cn.ebike.registration.importer.ImportResult;
import cn.ebike.registration.plate.PlateService;
import cn.ebike.registration.plate.PlateView;
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
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

@Path("/api/vehicles")
@Produces(MediaType.APPLICATION_JSON)
public class VehicleResource {

    private final VehicleService service;

    private final PlateService plates;

    private final FilingImport filingImport;

    private final Idempotency idempotency;

    private final Caller caller;

    public VehicleResource(VehicleService service, PlateService plates, FilingImport filingImport,
            Idempotency idempotency, Caller caller) {
        this.service = service;
        this.plates = plates;
        this.filingImport = filingImport;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DEALER, Roles.REGULATOR})
    public Response register(@HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Valid @NotNull RegisterVehicleRequest body) {
        return idempotency.execute(caller.subject(), idempotencyKey, "POST", "/api/vehicles", body, () -> {
            VehicleView vehicle = service.register(body);
            return Outcome.created(vehicle, URI.create("/api/vehicles/" + vehicle.id()));
        });
    }

    /** Bulk import of filed non-standard bikes (CSV, streamed, up to 64 MiB). */
    @POST
    @Path("/import")
    @Consumes({"text/csv", "application/csv"})
    @RolesAllowed(Roles.REGULATOR)
    public ImportResult importFiled(InputStream body) {
        return filingImport.run(body);
    }

    @GET
    @RolesAllowed({Roles.OWNER, Roles.DEALER, Roles.REGULATOR, Roles.SERVICE})
    public Page<VehicleView> list(@QueryParam("ownerId") String ownerId, @QueryParam("frameNumber") String frameNumber,
            @QueryParam("plateNumber") String plateNumber, @QueryParam("category") String category,
            @QueryParam("status") String status, @QueryParam("district") String district,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        return service.list(new VehicleService.Filter(ownerId, frameNumber, plateNumber, category, status, district),
                PageRequest.of(page, size));
    }

    @GET
    @Path("/stats")
    @RolesAllowed({Roles.REGULATOR, Roles.SERVICE})
    public VehicleStats stats() {
        return service.stats();
    }

    /** Internal: many vehicles at once (subsidy-service checks a batch of claims with one call). */
    @POST
    @Path("/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SERVICE)
    public VehicleLookup lookup(@Valid @NotNull VehicleLookupRequest body) {
        return service.lookup(body.ids());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OWNER, Roles.DEALER, Roles.REGULATOR, Roles.SERVICE})
    public VehicleView get(@PathParam("id") String id) {
        return service.get(id);
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.OWNER, Roles.REGULATOR})
    public List<HistoryEntryView> history(@PathParam("id") String id) {
        return service.history(id);
    }

    @POST
    @Path("/{id}/plate")
    @RolesAllowed({Roles.DEALER, Roles.REGULATOR})
    public Response issuePlate(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @PathParam("id") String id) {
        return idempotency.execute(caller.subject(), idempotencyKey, "POST", "/api/vehicles/" + id + "/plate", null, () -> {
            PlateView plate = plates.issue(id);
            return Outcome.created(plate, URI.create("/api/plates/" + encode(plate.plateNumber())));
        });
    }

    /** 200 with the vehicle, also when the same reference is given again (nothing changes then). */
    @POST
    @Path("/{id}/scrap")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SERVICE, Roles.REGULATOR})
    public VehicleView scrap(@PathParam("id") String id, @Valid @NotNull ScrapRequest body) {
        return service.scrap(id, body).vehicle();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
