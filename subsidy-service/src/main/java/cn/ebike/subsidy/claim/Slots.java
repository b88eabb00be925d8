package cn.ebike.subsidy.claim;

import cn.ebike.subsidy.quota.QuotaAllocator;
import cn.ebike.subsidy.quota.QuotaService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The first-come slots of a round in Redis: taken with ONE script call per campaign, claims in list order;
 * confirmed once their grants are committed, given back when they were not.
 */
@ApplicationScoped
class Slots {

    private static final Logger LOG = Logger.getLogger(Slots.class);

    private final QuotaAllocator allocator;
    private final QuotaService quota;

    Slots(QuotaAllocator allocator, QuotaService quota) {
        this.allocator = allocator;
        this.quota = quota;
    }

    /**
     * Slots for the claims that passed eligibility: each gets a slot, the reason Redis said no, or neither
     * (in flight elsewhere, state being rebuilt: next round). On a failure every slot taken is given back.
     */
    void take(List<Claim> pending) {
        Map<UUID, List<Claim>> byCampaign = new LinkedHashMap<>();
        for (Claim c : pending) {
            c.clearSlot();
            if (c.eligibleSoFar()) {
                byCampaign.computeIfAbsent(c.campaignId(), k -> new ArrayList<>()).add(c);
            }
        }
        try {
            for (Map.Entry<UUID, List<Claim>> e : byCampaign.entrySet()) {
                take(e.getKey(), e.getValue());
            }
        } catch (RuntimeException e) {
            giveBack(pending);
            throw e;
        }
    }

    private void take(UUID campaignId, List<Claim> list) {
        List<QuotaAllocator.Request> requests = list.stream().map(c -> new QuotaAllocator.Request(c.tradeInId,
                c.ev.facts().ownerId(), c.ev.facts().oldVehicleId(), c.ev.phase().id, c.ev.phase().quota)).toList();
        List<QuotaAllocator.Allocation> as = allocator.allocateAll(campaignId, requests);
        if (as.get(0).outcome() == QuotaAllocator.Outcome.NOT_INITIALISED) {
            quota.ensureInitialised(campaignId, null);
            as = allocator.allocateAll(campaignId, requests);
        }
        for (int i = 0; i < list.size(); i++) {
            Claim c = list.get(i);
            QuotaAllocator.Allocation a = as.get(i);
            c.epoch = a.epoch();
            switch (a.outcome()) {
                case GRANTED -> c.slot = a.slot();
                case OWNER_ALREADY_GRANTED, VEHICLE_ALREADY_GRANTED, QUOTA_EXHAUSTED ->
                    c.redisNo = RejectionReason.valueOf(a.outcome().name());
                case IN_FLIGHT, NOT_INITIALISED -> {
                    // the same trade-in is being decided elsewhere / state being rebuilt: next round
                }
            }
        }
    }

    /** The slots of committed grants, for good (one call per campaign). */
    void confirm(Map<UUID, List<QuotaAllocator.Slot>> byCampaign) {
        byCampaign.forEach(allocator::confirmAll);
    }

    void giveBack(List<Claim> claims) {
        for (Claim c : claims) {
            if (c.slot != null) {
                giveBackQuietly(c.slot);
                c.slot = null;
            }
        }
    }

    void giveBackQuietly(QuotaAllocator.Slot slot) {
        try {
            quota.giveBack(slot);
        } catch (RuntimeException e) {
            // the hold stays; the sweeper gives it back after the hold timeout
            LOG.warnf("slot of trade-in %s could not be given back now (the sweeper will): %s", slot.tradeInId(), e.toString());
        }
    }
}
