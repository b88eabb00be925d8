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

        static Item of(ClaimService.Outcome o) {
            String detail = switch (o.status()) {
                case 404 -> o.detail();
                case 503 -> o.detail() + " is unavailable; nothing was recorded, try again later";
                default -> null;
            };
            return new Item(o.tradeInId(), o.status(), o.subsidy() == null ? null : SubsidyView.of(o.subsidy()), detail);
        }
    }

    static ClaimBatchView of(List<ClaimService.Outcome> outcomes) {
        return new ClaimBatchView(outcomes.stream().map(Item::of).toList());
    }
}
