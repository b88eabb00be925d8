package cn.ebike.registration.vehicle;

import java.util.List;

/** The vehicles found by a look-up, in the order asked for; unknown ids are simply absent. */
public record VehicleLookup(List<VehicleView> items) {
}
