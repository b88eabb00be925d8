package cn.ebike.registration.vehicle;

/** 新国标 compliant bike, or a filed non-standard one (备案非标) allowed on the road for a transition. */
public enum VehicleCategory {
    COMPLIANT,
    NON_STANDARD_FILED
}
