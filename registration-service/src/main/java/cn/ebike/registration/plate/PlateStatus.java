package cn.ebike.registration.plate;

import cn.ebike.common.problem.ApiException;

/** ACTIVE → REVOKED, nothing else. */
public enum PlateStatus {
    ACTIVE,
    REVOKED;

    public PlateStatus revoke() {
        if (this != ACTIVE) {
            throw ApiException.conflict("The plate is " + this + " and cannot be revoked.");
        }
        return REVOKED;
    }
}
