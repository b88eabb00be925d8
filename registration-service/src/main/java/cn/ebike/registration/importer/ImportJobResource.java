package cn.ebike.registration.importer;

import cn.ebike.common.idempotency.Idempotency;
import cn.ebike.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
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

/**
 * The filing import as a job with progress ({@link ImportJobs}); {@code POST /api/vehicles/import} answers the same
 * import synchronously. Uploading is the regulators'; a job is read only by the caller that uploaded it (404 for
 * anyone else, dealers included).
 */
@Path(ImportJobs.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class ImportJobResource {

    private final ImportJobs jobs;

    public ImportJobResource(ImportJobs jobs) {
        this.jobs = jobs;
    }

    /** The filing CSV (as the synchronous import; up to 64 MiB) → 202 with the job and its Location. */
    @POST
    @Consumes({"text/csv", "application/csv"})
    @RolesAllowed(Roles.REGULATOR)
    public Response start(@HeaderParam(Idempotency.HEADER) String idempotencyKey, InputStream body) {
        return jobs.start(idempotencyKey, body);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.REGULATOR, Roles.DEALER})
    public ImportJobView get(@PathParam("id") String id) {
        return jobs.get(id);
    }

    /** The per-line error report: {@code {"items":[{"line","field","message"}],…}}, or {@code ?format=csv} (UTF-8 BOM). */
    @GET
    @Path("/{id}/errors")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @RolesAllowed({Roles.REGULATOR, Roles.DEALER})
    public Response errors(@PathParam("id") String id, @QueryParam("format") String format,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        return jobs.errors(id, format, page, size);
    }
}
