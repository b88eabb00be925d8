package cn.ebike.subsidy.payout;

import cn.ebike.common.ids.Ids;
import cn.ebike.common.security.Caller;
import cn.ebike.common.security.Roles;
import cn.ebike.subsidy.claim.Subsidy;
import cn.ebike.subsidy.claim.SubsidyView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /api/subsidies/{id}/payout-retry}: a regulator gives a FAILED payout a new round of attempts. */
@Path("/api/subsidies/{id}/payout-retry")
@Produces(MediaType.APPLICATION_JSON)
public class PayoutRetryResource {

    private final PayoutLedger payouts;
    private final Caller caller;

    public PayoutRetryResource(PayoutLedger payouts, Caller caller) {
        this.payouts = payouts;
        this.caller = caller;
    }

    /** 202: the FAILED payout gets a new round of attempts; 409 for any other status. */
    @POST
    @RolesAllowed(Roles.REGULATOR)
    public Response retryPayout(@PathParam("id") String id) {
        Subsidy s = payouts.retry(Ids.pathId(id, "Subsidy"), caller.actor());
        return Response.accepted(SubsidyView.of(s)).build();
    }
}
