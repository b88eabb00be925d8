package cn.ebike.subsidy.quota;

import cn.ebike.subsidy.campaign.Phase;
import cn.ebike.subsidy.campaign.PhaseRepository;
import cn.ebike.subsidy.config.SubsidyConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keeps Redis's quota state an image of PostgreSQL's committed grants:
 * <ul>
 * <li>{@link #ensureInitialised}: when a campaign's keys are missing (Redis restarted or was
 * flushed; it keeps nothing on disk) they are rebuilt from PostgreSQL under a PostgreSQL advisory
 * lock, so only one instance rebuilds and no slot is taken meanwhile (allocation refuses while the
 * epoch marker is missing);</li>
 * <li>{@link #giveBack}: a slot whose grant did not commit is given back, but only the parts that
 * PostgreSQL does not hold (the rank, the owner, the vehicle may have been committed by another
 * claim after a rebuild);</li>
 * <li>{@link #sweepAbandonedHolds}: slots taken by an instance that died before committing or
 * giving back are given back once they are older than any transaction could be.</li>
 * </ul>
 */
@ApplicationScoped
public class QuotaService {

    private static final Logger LOG = Logger.getLogger(QuotaService.class);

    private final QuotaAllocator allocator;
    private final PhaseRepository phases;
    private final EntityManager em;
    private final Duration holdTimeout;

    public QuotaService(QuotaAllocator allocator, PhaseRepository phases, EntityManager em, SubsidyConfig config) {
        this.allocator = allocator;
        this.phases = phases;
        this.em = em;
        this.holdTimeout = config.quota().holdTimeout();
    }

    /**
     * Rebuilds the campaign's Redis state from PostgreSQL unless it is initialised. With
     * {@code distrustedEpoch} set, the state of that epoch is rebuilt even though it looks complete
     * (Redis contradicted PostgreSQL with nothing in flight to explain it); a state already rebuilt
     * by someone else under another epoch is kept.
     *
     * @return true if this call rebuilt the state
     */
    public boolean ensureInitialised(UUID campaignId, String distrustedEpoch) {
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("select count(*) from pg_advisory_xact_lock(hashtextextended('subsidy-quota:' || :c, 0))")
                    .setParameter("c", campaignId.toString())
                    .getSingleResult();
            List<Phase> ps = phases.ofCampaign(campaignId);
            List<UUID> phaseIds = ps.stream().map(p -> p.id).toList();
            if (allocator.isInitialised(campaignId, phaseIds)
                    && (distrustedEpoch == null || !distrustedEpoch.equals(allocator.epochOf(campaignId)))) {
                return false;
            }
            rebuildFromDatabase(campaignId, phaseIds);
            return true;
        });
    }

    @SuppressWarnings("unchecked")
    private void rebuildFromDatabase(UUID campaignId, List<UUID> phaseIds) {
        // one statement, one snapshot: every grant committed so far, owners, vehicles and ranks alike.
        // Grants whose slot was taken before the loss and that commit after this read are not seen;
        // PostgreSQL's constraints catch them (see README, "Allocation").
        List<Object[]> rows = em.createNativeQuery("""
                select owner_id, old_vehicle_id, phase_id, rank from subsidy
                where campaign_id = :c and status <> 'REJECTED'
                """).setParameter("c", campaignId).getResultList();
        java.util.Set<UUID> owners = new java.util.LinkedHashSet<>();
        java.util.Set<UUID> vehicles = new java.util.LinkedHashSet<>();
        Map<UUID, List<Integer>> byPhase = new HashMap<>();
        for (Object[] row : rows) {
            owners.add((UUID) row[0]);
            vehicles.add((UUID) row[1]);
            byPhase.computeIfAbsent((UUID) row[2], k -> new ArrayList<>()).add(((Number) row[3]).intValue());
        }
        List<QuotaAllocator.PhaseState> states = phaseIds.stream()
                .map(p -> QuotaAllocator.PhaseState.of(p, byPhase.getOrDefault(p, List.of())))
                .toList();
        String epoch = UUID.randomUUID().toString();
        allocator.rebuild(campaignId, epoch, states, List.copyOf(owners), List.copyOf(vehicles));
        LOG.infof("quota state of campaign %s rebuilt from PostgreSQL (epoch %s): %d grants, per phase %s",
                campaignId, epoch, rows.size(),
                states.stream().map(s -> "highest rank " + s.highestRank() + " / " + s.freeRanks().size() + " free").toList());
    }

    /** What PostgreSQL has committed of a slot's three parts. */
    record Committed(boolean owner, boolean vehicle, boolean rank) {
    }

    /**
     * Gives back a slot whose grant did not commit (or whose holder died): each part (owner, vehicle,
     * rank) only if PostgreSQL has not committed it, e.g. because the grant did commit after all
     * (an unknown commit outcome) or another claim committed it after a rebuild.
     */
    public boolean giveBack(QuotaAllocator.Slot slot) {
        Committed c = QuarkusTransaction.requiringNew().call(() -> new Committed(
                exists("select 1 from subsidy where campaign_id = :c and owner_id = :v and status <> 'REJECTED'",
                        slot.campaignId(), slot.ownerId()),
                exists("select 1 from subsidy where campaign_id = :c and old_vehicle_id = :v and status <> 'REJECTED'",
                        slot.campaignId(), slot.vehicleId()),
                exists("select 1 from subsidy where campaign_id = :c and phase_id = :v and rank = " + slot.rank(),
                        slot.campaignId(), slot.phaseId())));
        boolean released = allocator.release(slot, !c.owner(), !c.vehicle(), !c.rank());
        if (released) {
            LOG.debugf("slot rank %d of phase %s given back (owner %s, vehicle %s, rank %s)", slot.rank(),
                    slot.phaseId(), !c.owner(), !c.vehicle(), !c.rank());
        }
        return released;
    }

    private boolean exists(String sql, UUID campaignId, UUID value) {
        return !em.createNativeQuery(sql + " limit 1")
                .setParameter("c", campaignId)
                .setParameter("v", value)
                .getResultList().isEmpty();
    }

    /** Gives back holds older than the hold timeout in every campaign; returns how many were released. */
    @SuppressWarnings("unchecked")
    public int sweepAbandonedHolds() {
        List<UUID> campaignIds = QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("select id from campaign").getResultList());
        int released = 0;
        for (UUID campaignId : campaignIds) {
            String epoch = allocator.epochOf(campaignId);
            if (epoch == null) {
                continue;
            }
            Map<String, String> holds = allocator.holdsOf(campaignId);
            if (holds.isEmpty()) {
                continue;
            }
            long now = allocator.redisSeconds();
            for (Map.Entry<String, String> e : holds.entrySet()) {
                QuotaAllocator.Hold h = QuotaAllocator.Hold.parse(e.getKey(), e.getValue());
                if (now - h.takenAtSeconds() < holdTimeout.toSeconds()) {
                    continue;
                }
                QuotaAllocator.Slot slot = new QuotaAllocator.Slot(campaignId, h.phaseId(), h.tradeInId(), h.ownerId(),
                        h.vehicleId(), h.rank(), epoch, h.value());
                if (giveBack(slot)) {
                    released++;
                    LOG.warnf("abandoned quota hold of trade-in %s (rank %d of phase %s) given back", h.tradeInId(),
                            h.rank(), h.phaseId());
                }
            }
        }
        return released;
    }

    /** Holds currently in flight for this campaign, parsed. */
    public List<QuotaAllocator.Hold> holds(UUID campaignId) {
        List<QuotaAllocator.Hold> out = new ArrayList<>();
        allocator.holdsOf(campaignId).forEach((k, v) -> out.add(QuotaAllocator.Hold.parse(k, v)));
        return out;
    }
}
