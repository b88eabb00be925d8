package cn.ebike.subsidy.claim;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * Answer of {@code POST /api/subsidies/claims/batch}: one item per entry of the request, in the same order.
 * {@code status} is what the single claim would have answered: 201 new decision, 200 earlier decision (same
 * subsidy), 404 unknown trade-in, 503 a source unreachable or the decision not possible yet — nothing recorded
 * for the last two, the caller retries those items.
 */
public record ClaimBatchView(List<Item> items) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(UUID tradeInId, int status, SubsidyView subsidy, String detail) {

        static Item of(ClaimResult r) {
            String detail = switch (r.outcome()) {
                case UNKNOWN_TRADE_IN -> r.detail();
                case UNAVAILABLE -> r.detail() + " is unavailable; nothing was recorded, try again later";
                case DECIDED, REPLAYED -> null;
            };
            return new Item(r.tradeInId(), SubsidyResource.status(r.outcome()),
                    r.subsidy() == null ? null : SubsidyView.of(r.subsidy()), detail);
        }
    }

    static ClaimBatchView of(List<ClaimResult> results) {
        return new ClaimBatchView(results.stream().map(Item::of).toList());
    }
}
