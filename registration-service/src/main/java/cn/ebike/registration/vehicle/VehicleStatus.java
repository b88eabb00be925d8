package cn.ebike.registration.vehicle;

import cn.ebike.common.problem.ApiException;

/** REGISTERED → SCRAPPED, nothing else; an illegal transition is a 409. */
public enum VehicleStatus {
    REGISTERED,
    SCRAPPED;

    public VehicleStatus scrap() {
        if (this != REGISTERED) {
            throw ApiException.conflict("The vehicle is " + this + " and cannot be scrapped.");
        }
        return SCRAPPED;
    }

    /** Only a registered vehicle may receive a plate. */
    public void requirePlateable() {
        if (this != REGISTERED) {
            throw ApiException.conflict("The vehicle is " + this + "; no plate can be issued.");
        }
    }
}
