package cn.ebike.subsidy.figures;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /api/campaigns/{id}/stats}, exactly API.md's shape. */
public record CampaignStats(List<PhaseStats> phases, Map<String, Long> rejected) {

    public record PhaseStats(UUID phaseId, String name, long amountFen, int quota, long granted, long remaining,
            long paid, long failed, long grantedFen, long paidFen) {
    }
}
