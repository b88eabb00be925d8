package cn.ebike.registration.vehicle;

import java.time.Instant;

/** One row of a vehicle's audit trail (changes of the vehicle and of its plates). */
public record HistoryEntryView(Instant at, String actor, String actorRole, String action, String objectType,
        String objectId, String fromStatus, String toStatus, String detail) {
}
