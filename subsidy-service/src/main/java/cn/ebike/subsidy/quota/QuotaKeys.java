package cn.ebike.subsidy.quota;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Redis keys of one campaign. All carry the campaign id as hash tag ({@code {…}}), so a script
 * touching several of them stays on one slot of a Redis Cluster.
 */
public record QuotaKeys(String prefix, UUID campaignId) {

    private String base() {
        return prefix + ":{" + campaignId + "}:";
    }

    public String epoch() {
        return base() + "epoch";
    }

    public String owners() {
        return base() + "owners";
    }

    public String vehicles() {
        return base() + "vehicles";
    }

    public String holds() {
        return base() + "holds";
    }

    public String counter(UUID phaseId) {
        return base() + "phase:" + phaseId + ":taken";
    }

    public String freeRanks(UUID phaseId) {
        return base() + "phase:" + phaseId + ":free";
    }

    /** The six keys of release.lua for one phase. */
    public String[] forPhase(UUID phaseId) {
        return new String[] {epoch(), owners(), vehicles(), holds(), counter(phaseId), freeRanks(phaseId)};
    }

    /** The keys of rebuild.lua: the campaign's four, then counter and free ranks of each phase in order. */
    public List<String> forRebuild(List<UUID> phaseIds) {
        List<String> keys = new ArrayList<>(List.of(epoch(), owners(), vehicles(), holds()));
        for (UUID p : phaseIds) {
            keys.add(counter(p));
            keys.add(freeRanks(p));
        }
        return keys;
    }

    /** Keys that must all exist while the campaign's state is initialised (sets carry a sentinel). */
    public List<String> mustExist(List<UUID> phaseIds) {
        List<String> keys = new ArrayList<>(List.of(epoch(), owners(), vehicles()));
        phaseIds.forEach(p -> keys.add(counter(p)));
        return keys;
    }
}
