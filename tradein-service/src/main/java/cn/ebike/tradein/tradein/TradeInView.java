package cn.ebike.tradein.tradein;

import java.time.Instant;
import java.util.UUID;

/**
 * A trade-in as the API shows it; {@code claimDelivered} says whether subsidy-service has the claim. Reads
 * ({@code GET /api/trade-ins}, {@code GET /api/trade-ins/{id}}) also name the dealer ({@code dealerName},
 * {@code dealerAddress}: public business facts an owner needs to find the shop); the answers of transitions leave
 * them null. {@code dealerCreditGrade} is the dealer's credit grade as last computed (null before its first
 * inspection); the owners' app shows it next to the shop.
 */
public record TradeInView(UUID id, UUID dealerId, UUID ownerId, UUID oldVehicleId, UUID newVehicleId,
        TradeInStatus status, Instant openedAt, Instant recycledAt, Instant completedAt, String recyclingReceiptNo,
        Boolean batteryReturned, Instant cancelledAt, String cancellationReason, boolean claimDelivered,
        String dealerName, String dealerAddress, String dealerCreditGrade) {

    static TradeInView of(TradeIn t, boolean claimDelivered) {
        return of(t, claimDelivered, null);
    }

    static TradeInView of(TradeIn t, boolean claimDelivered, cn.ebike.tradein.dealer.Dealer dealer) {
        return new TradeInView(t.id(), t.dealerId(), t.ownerId(), t.oldVehicleId(), t.newVehicleId(), t.status(),
                t.openedAt(), t.recycledAt(), t.completedAt(), t.recyclingReceiptNo(), t.batteryReturned(),
                t.cancelledAt(), t.cancellationReason(), claimDelivered, dealer == null ? null : dealer.name(),
                dealer == null ? null : dealer.address(), dealer == null ? null : dealer.creditGrade());
    }
}
