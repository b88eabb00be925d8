package cn.ebike.registration.vehicle;

public enum BatteryType {
    LEAD_ACID,
    LITHIUM
}
