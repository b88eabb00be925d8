package cn.ebike.subsidy.claim;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** {@code POST /api/subsidies/claims}: only the trade-in id; everything else is read from the sources. */
public record ClaimRequest(@NotNull UUID tradeInId) {
}
