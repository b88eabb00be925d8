package cn.ebike.tradein.tradein;

import java.time.Instant;
import java.util.UUID;

/** A trade-in as the API shows it; {@code claimDelivered} says whether subsidy-service has the claim. */
public record TradeInView(UUID id, UUID dealerId, UUID ownerId, UUID oldVehicleId, UUID newVehicleId,
        TradeInStatus status, Instant openedAt, Instant recycledAt, Instant completedAt, String recyclingReceiptNo,
        Boolean batteryReturned, Instant cancelledAt, String cancellationReason, boolean claimDelivered) {

    static TradeInView of(TradeIn t, boolean claimDelivered) {
        return new TradeInView(t.id(), t.dealerId(), t.ownerId(), t.oldVehicleId(), t.newVehicleId(), t.status(),
                t.openedAt(), t.recycledAt(), t.completedAt(), t.recyclingReceiptNo(), t.batteryReturned(),
                t.cancelledAt(), t.cancellationReason(), claimDelivered);
    }
}
