package cn.ebike.subsidy.claim;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/subsidies/claims/batch}: up to {@value ClaimService#MAX_BATCH} trade-in ids, decided in
 * list order (first come, first served) — how tradein-service's outbox relay hands over its due claims.
 */
public record ClaimBatchRequest(@NotNull @Size(min = 1, max = ClaimService.MAX_BATCH) List<@NotNull UUID> tradeInIds) {
}
