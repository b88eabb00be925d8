package cn.ebike.subsidy.campaign;

import cn.ebike.subsidy.common.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A campaign as answered: phases in time order with live {@code granted} / {@code remaining}. */
public record CampaignView(UUID id, String name, String district, Instant filedBefore, Instant createdAt,
        long budgetFen, List<PhaseView> phases) {

    public record PhaseView(UUID id, String name, Instant startsAt, Instant endsAt, long amountFen, int quota,
            int granted, int remaining) {

        static PhaseView of(Phase p) {
            return new PhaseView(p.id, p.name, p.startsAt, p.endsAt, p.amountFen, p.quota, p.granted, p.remaining());
        }
    }

    public static CampaignView of(Campaign c, List<Phase> phases) {
        long budget = 0;
        for (Phase p : phases) {
            budget = Money.plus(budget, Money.times(p.amountFen, p.quota));
        }
        return new CampaignView(c.id, c.name, c.district, c.filedBefore, c.createdAt, budget,
                phases.stream().sorted(java.util.Comparator.comparing((Phase p) -> p.startsAt))
                        .map(PhaseView::of).toList());
    }
}
