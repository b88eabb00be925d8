package cn.ebike.subsidy.payout;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.problem.FieldError;
import cn.ebike.common.security.Roles;
import cn.ebike.subsidy.config.SubsidyConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Fault drills: the sandbox operator's behaviour changed while the service runs (the fault soak turns on 30 %
 * declines with 2 s latency, then "times out after it has paid"). Internal: SERVICE tokens only, under a path the
 * gateway does not forward, and answered 404 unless {@code PAYOUT_SANDBOX_CONTROL=true} — a real deployment,
 * whose provider is not the sandbox, leaves it off.
 */
@Path("/sandbox/behaviour")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SERVICE)
public class SandboxControlResource {

    private static final Logger LOG = Logger.getLogger(SandboxControlResource.class);

    /** Body of PUT and answer of both: every knob; a missing one in PUT keeps its current value. */
    public record BehaviourView(Long latencyMs, Double failureRate, Double lostAnswerRate) {
    }

    private final SandboxPayoutProvider sandbox;
    private final SubsidyConfig config;

    public SandboxControlResource(SandboxPayoutProvider sandbox, SubsidyConfig config) {
        this.sandbox = sandbox;
        this.config = config;
    }

    @GET
    public BehaviourView get() {
        enabled();
        return view(sandbox.behaviour());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public BehaviourView put(BehaviourView body) {
        enabled();
        if (body == null) {
            throw ApiException.invalid("latencyMs", "a JSON object with latencyMs, failureRate and/or lostAnswerRate is required");
        }
        SandboxPayoutProvider.Behaviour now = sandbox.behaviour();
        long latency = body.latencyMs() == null ? now.latencyMs() : body.latencyMs();
        double failure = body.failureRate() == null ? now.failureRate() : body.failureRate();
        double lost = body.lostAnswerRate() == null ? now.lostAnswerRate() : body.lostAnswerRate();
        List<FieldError> errors = new ArrayList<>();
        if (latency < 0 || latency > 60_000) {
            errors.add(new FieldError("latencyMs", "must be within 0..60000"));
        }
        if (!(failure >= 0 && failure <= 1)) {
            errors.add(new FieldError("failureRate", "must be within 0..1"));
        }
        if (!(lost >= 0 && lost <= 1)) {
            errors.add(new FieldError("lostAnswerRate", "must be within 0..1"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        SandboxPayoutProvider.Behaviour b = new SandboxPayoutProvider.Behaviour(latency, failure, lost);
        sandbox.behave(b);
        LOG.warnf("sandbox payout provider behaviour changed: latency %d ms, failure rate %.2f, lost-answer rate %.2f",
                latency, failure, lost);
        return view(b);
    }

    private void enabled() {
        if (!config.payout().sandbox().controlEnabled()) {
            throw ApiException.notFound("sandbox control (PAYOUT_SANDBOX_CONTROL is off)");
        }
    }

    private static BehaviourView view(SandboxPayoutProvider.Behaviour b) {
        return new BehaviourView(b.latencyMs(), b.failureRate(), b.lostAnswerRate());
    }
}
