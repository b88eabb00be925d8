package cn.ebike.subsidy.quota;

import cn.ebike.subsidy.config.SubsidyConfig;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The Redis fast path of first-come allocation (先购先得): one Lua script checks, claim after claim in list
 * order, the campaign's owner and old-vehicle dedupe sets and the phase counter against the quota, and takes
 * the next rank. A slot is a <em>hold</em> until its grant commits in PostgreSQL (then {@link #confirmAll}) or
 * fails (then {@link #release}, giving back only what PostgreSQL did not commit). Redis is never the record:
 * PostgreSQL's constraints decide, and {@link QuotaService} rebuilds this state from PostgreSQL.
 */
@ApplicationScoped
public class QuotaAllocator {

    private static final Logger LOG = Logger.getLogger(QuotaAllocator.class);

    /** Sentinel member kept in both sets so that a lost set is told apart from an empty one. */
    static final String SENTINEL = "~";

    public enum Outcome {
        GRANTED, NOT_INITIALISED, IN_FLIGHT, OWNER_ALREADY_GRANTED, VEHICLE_ALREADY_GRANTED, QUOTA_EXHAUSTED
    }

    /** A slot taken in Redis and not yet confirmed: everything needed to give it back precisely. */
    public record Slot(UUID campaignId, UUID phaseId, UUID tradeInId, UUID ownerId, UUID vehicleId, int rank,
            String epoch, String hold) {
    }

    public record Allocation(Outcome outcome, String epoch, Slot slot) {
    }

    /** A hold as read back from Redis (by the sweeper). */
    public record Hold(UUID tradeInId, UUID phaseId, int rank, UUID ownerId, UUID vehicleId, long takenAtSeconds,
            String value) {

        static Hold parse(String tradeInId, String value) {
            String[] p = value.split("\\|");
            return new Hold(UUID.fromString(tradeInId), UUID.fromString(p[0]), Integer.parseInt(p[1]),
                    UUID.fromString(p[2]), UUID.fromString(p[3]), Long.parseLong(p[4]), value);
        }
    }

    private final Scripts scripts;
    private final String prefix;

    public QuotaAllocator(Scripts scripts, SubsidyConfig config) {
        this.scripts = scripts;
        this.prefix = config.quota().keyPrefix();
    }

    public QuotaKeys keys(UUID campaignId) {
        return new QuotaKeys(prefix, campaignId);
    }

    /** One claim of a batch allocation: who takes a slot of which phase. */
    public record Request(UUID tradeInId, UUID ownerId, UUID vehicleId, UUID phaseId, int quota) {
    }

    /**
     * Allocates for one or more claims of ONE campaign in one atomic script call (allocate.lua), in list
     * order: the answer has one {@link Allocation} per request, in the same order. When the campaign's state
     * is missing, every allocation is {@link Outcome#NOT_INITIALISED} and nothing was taken.
     */
    public List<Allocation> allocateAll(UUID campaignId, List<Request> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        QuotaKeys k = keys(campaignId);
        List<UUID> phaseIds = new ArrayList<>();
        Map<UUID, Integer> phaseIndex = new java.util.HashMap<>();
        List<String> args = new ArrayList<>(2 + requests.size() * 4 + 4);
        args.add(""); // number of phases, set below
        for (Request r : requests) {
            if (!phaseIndex.containsKey(r.phaseId())) {
                phaseIds.add(r.phaseId());
                phaseIndex.put(r.phaseId(), phaseIds.size());
                args.add(r.phaseId().toString());
                args.add(Integer.toString(r.quota()));
            }
        }
        args.set(0, Integer.toString(phaseIds.size()));
        for (Request r : requests) {
            args.add(r.tradeInId().toString());
            args.add(r.ownerId().toString());
            args.add(r.vehicleId().toString());
            args.add(Integer.toString(phaseIndex.get(r.phaseId())));
        }
        List<String> keyList = new ArrayList<>(List.of(k.epoch(), k.owners(), k.vehicles(), k.holds()));
        for (UUID p : phaseIds) {
            keyList.add(k.counter(p));
            keyList.add(k.freeRanks(p));
        }
        Response r = scripts.run(Scripts.ALLOCATE, keyList, args);
        String epoch = r.get(1).toString();
        List<Allocation> out = new ArrayList<>(requests.size());
        if (!"OK".equals(r.get(0).toString())) {
            requests.forEach(q -> out.add(new Allocation(Outcome.NOT_INITIALISED, epoch, null)));
            return out;
        }
        for (int i = 0; i < requests.size(); i++) {
            Request q = requests.get(i);
            Outcome outcome = Outcome.valueOf(r.get(2 + 3 * i).toString());
            if (outcome != Outcome.GRANTED) {
                out.add(new Allocation(outcome, epoch, null));
                continue;
            }
            int rank = Integer.parseInt(r.get(3 + 3 * i).toString());
            out.add(new Allocation(outcome, epoch, new Slot(campaignId, q.phaseId(), q.tradeInId(), q.ownerId(),
                    q.vehicleId(), rank, epoch, r.get(4 + 3 * i).toString())));
        }
        return out;
    }

    /** Grants committed for these slots (all of one campaign): forget their holds in one call. Best effort. */
    public void confirmAll(UUID campaignId, List<Slot> slots) {
        if (slots.isEmpty()) {
            return;
        }
        QuotaKeys k = keys(campaignId);
        Map<String, List<Slot>> byEpoch = new java.util.LinkedHashMap<>();
        slots.forEach(s -> byEpoch.computeIfAbsent(s.epoch(), e -> new ArrayList<>()).add(s));
        for (Map.Entry<String, List<Slot>> e : byEpoch.entrySet()) {
            List<String> args = new ArrayList<>(1 + 2 * e.getValue().size());
            args.add(e.getKey());
            for (Slot s : e.getValue()) {
                args.add(s.tradeInId().toString());
                args.add(s.hold());
            }
            try {
                scripts.run(Scripts.CONFIRM, List.of(k.epoch(), k.holds()), args);
            } catch (RuntimeException ex) {
                LOG.warnf("could not clear %d quota holds of campaign %s (the sweeper will): %s", e.getValue().size(),
                        campaignId, ex);
            }
        }
    }

    /** Gives back the parts of a hold that PostgreSQL did not commit; a no-op for a changed hold or epoch. */
    public boolean release(Slot slot, boolean owner, boolean vehicle, boolean rank) {
        QuotaKeys k = keys(slot.campaignId());
        Response r = scripts.run(Scripts.RELEASE, List.of(k.forPhase(slot.phaseId())), List.of(slot.epoch(),
                slot.tradeInId().toString(), slot.hold(), flag(owner), flag(vehicle), flag(rank),
                slot.ownerId().toString(), slot.vehicleId().toString(), Integer.toString(slot.rank())));
        return r.toInteger() == 1;
    }

    private static String flag(boolean b) {
        return b ? "1" : "0";
    }

    public boolean isInitialised(UUID campaignId, List<UUID> phaseIds) {
        List<String> must = keys(campaignId).mustExist(phaseIds);
        return scripts.command("EXISTS", must.toArray(String[]::new)).toInteger() == must.size();
    }

    /** Writes PostgreSQL's committed state as a new epoch (see rebuild.lua). */
    public void rebuild(UUID campaignId, String epoch, List<PhaseState> phases, List<UUID> owners, List<UUID> vehicles) {
        QuotaKeys k = keys(campaignId);
        List<String> args = new ArrayList<>();
        args.add(epoch);
        args.add(SENTINEL);
        args.add(Integer.toString(phases.size()));
        for (PhaseState p : phases) {
            args.add(Integer.toString(p.highestRank()));
            args.add(Integer.toString(p.freeRanks().size()));
            p.freeRanks().forEach(r -> args.add(Integer.toString(r)));
        }
        args.add(Integer.toString(owners.size()));
        owners.forEach(o -> args.add(o.toString()));
        args.add(Integer.toString(vehicles.size()));
        vehicles.forEach(v -> args.add(v.toString()));
        scripts.run(Scripts.REBUILD, k.forRebuild(phases.stream().map(PhaseState::phaseId).toList()), args);
    }

    /** Committed ranks of a phase as Redis needs them: the highest rank and the gaps below it. */
    public record PhaseState(UUID phaseId, int highestRank, List<Integer> freeRanks) {

        public static PhaseState of(UUID phaseId, List<Integer> committedRanks) {
            int max = committedRanks.stream().mapToInt(Integer::intValue).max().orElse(0);
            boolean[] used = new boolean[max + 1];
            committedRanks.forEach(r -> used[r] = true);
            List<Integer> free = new ArrayList<>();
            for (int r = 1; r <= max; r++) {
                if (!used[r]) {
                    free.add(r);
                }
            }
            return new PhaseState(phaseId, max, free);
        }
    }

    /** The current epoch and all holds of a campaign (one round trip each; the sweeper's input). */
    public Map<String, String> holdsOf(UUID campaignId) {
        return scripts.hashEntries(keys(campaignId).holds());
    }

    public String epochOf(UUID campaignId) {
        Response r = scripts.command("GET", keys(campaignId).epoch());
        return r == null ? null : r.toString();
    }

    /** Redis's clock (seconds), the clock holds are stamped with. */
    public long redisSeconds() {
        return scripts.command("TIME").get(0).toLong();
    }
}
