package cn.ebike.registration.vehicle;

/** {@code GET /api/vehicles/stats}, fed into the regulator's overview. */
public record VehicleStats(long filedNonStandard, long filedNonStandardScrapped, long compliantRegistered,
        long platesActive, long platesIssued) {
}
