package cn.ebike.registration.vehicle;

import cn.ebike.common.security.Caller;
import cn.ebike.common.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Object-level rules (the role check is on the resource method): REGULATOR and SERVICE see every
 * vehicle, an owner their own, a dealer the vehicles it registered. A vehicle the caller may not see
 * is answered exactly like an unknown one (404).
 */
@ApplicationScoped
public class VehicleAccess {

    private final Caller caller;

    public VehicleAccess(Caller caller) {
        this.caller = caller;
    }

    public boolean canView(Vehicle v) {
        return caller.seesEverything() || isOwnerOf(v) || registeredByCallersDealer(v);
    }

    /** The audit trail: the vehicle's owner and regulators. */
    public boolean canReadHistory(Vehicle v) {
        return caller.is(Roles.REGULATOR) || isOwnerOf(v);
    }

    /** Plates are issued by the dealer that registered the vehicle, or by a regulator. */
    public boolean canIssuePlate(Vehicle v) {
        return caller.is(Roles.REGULATOR) || registeredByCallersDealer(v);
    }

    private boolean isOwnerOf(Vehicle v) {
        return caller.ownerId().map(v.ownerId()::equals).orElse(false);
    }

    private boolean registeredByCallersDealer(Vehicle v) {
        return v.registeredByDealerId() != null && caller.dealerId().map(v.registeredByDealerId()::equals).orElse(false);
    }
}
