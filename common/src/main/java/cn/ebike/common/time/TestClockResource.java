package cn.ebike.common.time;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Test only: {@code GET /test/clock} reads and {@code PUT /test/clock {"now": "2026-01-01T00:00:00Z"}} moves this
 * service's {@link BusinessClock} ({@code DELETE} puts it back on the system clock). SERVICE tokens only, under a
 * path the gateway does not forward, and 404 unless {@code EBIKE_TEST_CLOCK=true}: a real deployment leaves it off.
 */
@Path("/test/clock")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SERVICE)
public class TestClockResource {

    /** Body of PUT and answer of all three: the clock's reading and its distance from the system clock. */
    public record ClockView(String now, Long offsetMillis) {
    }

    private final BusinessClock clock;
    private final boolean enabled;

    public TestClockResource(BusinessClock clock,
            @ConfigProperty(name = "ebike.test-clock.enabled", defaultValue = "false") boolean enabled) {
        this.clock = clock;
        this.enabled = enabled;
    }

    @GET
    public ClockView get() {
        enabled();
        return view();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public ClockView put(ClockView body) {
        enabled();
        if (body == null || body.now() == null) {
            throw ApiException.invalid("now", "an ISO-8601 instant is required, e.g. 2026-01-01T08:00:00Z");
        }
        try {
            clock.set(Instant.parse(body.now()));
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("now", "must be an ISO-8601 instant, e.g. 2026-01-01T08:00:00Z");
        }
        return view();
    }

    @DELETE
    public ClockView reset() {
        enabled();
        clock.reset();
        return view();
    }

    private void enabled() {
        if (!enabled) {
            throw ApiException.notFound("test clock (EBIKE_TEST_CLOCK is off)");
        }
    }

    private ClockView view() {
        return new ClockView(clock.now().toString(), clock.offset().toMillis());
    }
}
