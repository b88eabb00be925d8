package cn.ebike.tradein.tradein;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/trade-ins/lookup} (internal, SERVICE only): subsidy-service checks a batch of claims with
 * one call instead of a trade-in and a dealer read per claim.
 */
public final class TradeInLookup {

    public static final int MAX_IDS = 200;

    private TradeInLookup() {
    }

    public record Request(@NotNull @Size(min = 1, max = MAX_IDS) List<@NotNull UUID> ids) {
    }

    /** The trade-ins found, in the order asked for, each once; unknown ids are simply absent. */
    public record Answer(List<Item> items) {
    }

    /** What a dealer's trade-in needs for a subsidy decision: where it is and whether it is an agent point. */
    public record DealerSummary(UUID id, String district, boolean authorizedAgent) {
    }

    /** The trade-in JSON of {@code GET /api/trade-ins/{id}}, plus its dealer's summary. */
    public record Item(UUID id, UUID dealerId, UUID ownerId, UUID oldVehicleId, UUID newVehicleId,
            TradeInStatus status, Instant openedAt, Instant recycledAt, Instant completedAt, String recyclingReceiptNo,
            Boolean batteryReturned, Instant cancelledAt, String cancellationReason, boolean claimDelivered,
            String dealerName, String dealerAddress, String dealerCreditGrade, DealerSummary dealer) {

        static Item of(TradeInView t, DealerSummary dealer) {
            return new Item(t.id(), t.dealerId(), t.ownerId(), t.oldVehicleId(), t.newVehicleId(), t.status(),
                    t.openedAt(), t.recycledAt(), t.completedAt(), t.recyclingReceiptNo(), t.batteryReturned(),
                    t.cancelledAt(), t.cancellationReason(), t.claimDelivered(), t.dealerName(), t.dealerAddress(), t.dealerCreditGrade(),
                    dealer);
        }
    }
}
