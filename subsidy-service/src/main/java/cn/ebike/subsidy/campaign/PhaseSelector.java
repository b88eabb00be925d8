package cn.ebike.subsidy.campaign;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Picks the phase that pays for a trade-in: among the campaigns of the dealer's district, the phase
 * whose half-open window [startsAt, endsAt) contains the trade-in's completion time. Creation keeps
 * the phases of one district from overlapping, so at most one matches; should two ever match, the
 * earliest created campaign wins (deterministic).
 */
public final class PhaseSelector {

    private PhaseSelector() {
    }

    public record Selection(Campaign campaign, Phase phase) {
    }

    public static Optional<Selection> select(List<Campaign> districtCampaigns, Map<UUID, List<Phase>> phasesByCampaign,
            Instant completedAt) {
        if (completedAt == null) {
            return Optional.empty();
        }
        return districtCampaigns.stream()
                .sorted(Comparator.comparing((Campaign c) -> c.createdAt).thenComparing(c -> c.id))
                .flatMap(c -> phasesByCampaign.getOrDefault(c.id, List.of()).stream()
                        .filter(p -> p.contains(completedAt))
                        .map(p -> new Selection(c, p)))
                .findFirst();
    }

    /**
     * The campaign a NO_ACTIVE_PHASE rejection is counted against: the district's campaign whose
     * overall span (first start to last end) contains the completion time, e.g. a gap between phases.
     */
    public static Optional<Campaign> spanning(List<Campaign> districtCampaigns, Map<UUID, List<Phase>> phasesByCampaign,
            Instant completedAt) {
        if (completedAt == null) {
            return Optional.empty();
        }
        return districtCampaigns.stream()
                .sorted(Comparator.comparing((Campaign c) -> c.createdAt).thenComparing(c -> c.id))
                .filter(c -> {
                    List<Phase> ps = phasesByCampaign.getOrDefault(c.id, List.of());
                    if (ps.isEmpty()) {
                        return false;
                    }
                    Instant start = ps.stream().map(p -> p.startsAt).min(Instant::compareTo).orElseThrow();
                    Instant end = ps.stream().map(p -> p.endsAt).max(Instant::compareTo).orElseThrow();
                    return !completedAt.isBefore(start) && completedAt.isBefore(end);
                })
                .findFirst();
    }
}
