package cn.ebike.registration.particulars;

public enum BatteryType {
    LEAD_ACID,
    LITHIUM
}
