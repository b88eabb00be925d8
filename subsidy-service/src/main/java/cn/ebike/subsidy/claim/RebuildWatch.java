package cn.ebike.subsidy.claim;

import cn.ebike.subsidy.quota.QuotaAllocator;
import cn.ebike.subsidy.quota.QuotaService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Watches one request's rounds for a Redis state that contradicts PostgreSQL: a Redis "no" that PostgreSQL
 * does not confirm and that no slot in flight explains. Seen twice in the same epoch of a campaign, the
 * campaign's Redis state is rebuilt from PostgreSQL — once per campaign and request.
 */
final class RebuildWatch {

    private static final Logger LOG = Logger.getLogger(RebuildWatch.class);

    private final QuotaService quota;
    private final Map<UUID, String> suspiciousEpoch = new HashMap<>();
    private final Set<UUID> rebuilt = new HashSet<>();

    RebuildWatch(QuotaService quota) {
        this.quota = quota;
    }

    /** Campaigns where a Redis "no" that PostgreSQL does not confirm has no slot in flight to explain it. */
    Set<UUID> contradictions(List<Claim> unconfirmed) {
        Set<UUID> campaignsWithContradiction = new HashSet<>();
        Map<UUID, List<QuotaAllocator.Hold>> holdsByCampaign = new HashMap<>();
        for (Claim c : unconfirmed) {
            UUID campaignId = c.campaignId();
            if (campaignsWithContradiction.contains(campaignId)) {
                continue;
            }
            List<QuotaAllocator.Hold> holds;
            try {
                holds = holdsByCampaign.computeIfAbsent(campaignId, quota::holds);
            } catch (RuntimeException e) {
                return campaignsWithContradiction;
            }
            boolean explained = holds.stream().anyMatch(h -> switch (c.redisNo) {
                case OWNER_ALREADY_GRANTED -> h.ownerId().equals(c.ev.facts().ownerId());
                case VEHICLE_ALREADY_GRANTED -> h.vehicleId().equals(c.ev.facts().oldVehicleId());
                default -> h.phaseId().equals(c.ev.phase().id);
            });
            if (!explained) {
                campaignsWithContradiction.add(campaignId);
            }
        }
        return campaignsWithContradiction;
    }

    /** Rebuilds a suspicious campaign seen suspicious before in the same epoch (keys partly lost, e.g. evicted). */
    void rebuildIfRepeated(Set<UUID> suspicious, List<Claim> pending) {
        for (UUID campaignId : suspicious) {
            String epoch = pending.stream().filter(c -> campaignId.equals(c.campaignId()) && c.epoch != null)
                    .map(c -> c.epoch).findFirst().orElse(null);
            if (epoch == null) {
                continue;
            }
            if (epoch.equals(suspiciousEpoch.get(campaignId)) && rebuilt.add(campaignId)) {
                LOG.warnf("Redis quota state of campaign %s contradicts PostgreSQL (nothing in flight explains a"
                        + " refusal); rebuilding", campaignId);
                quota.ensureInitialised(campaignId, epoch);
            } else {
                suspiciousEpoch.put(campaignId, epoch);
            }
        }
    }
}
