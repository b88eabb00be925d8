package cn.ebike.subsidy.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PhaseSelectorTest {

    static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z");
    static final Instant JULY = Instant.parse("2026-07-01T00:00:00Z");
    static final Instant AUGUST = Instant.parse("2026-08-01T00:00:00Z");
    static final Instant AUGUST_10 = Instant.parse("2026-08-10T00:00:00Z");
    static final Instant SEPTEMBER = Instant.parse("2026-09-01T00:00:00Z");

    final Campaign campaign = campaign(Instant.parse("2026-05-01T00:00:00Z"));
    final Phase june = phase(campaign, "June", JUNE, JULY);
    final Phase july = phase(campaign, "July", JULY, AUGUST);
    final Phase august = phase(campaign, "August", AUGUST_10, SEPTEMBER);
    final Map<UUID, List<Phase>> phases = Map.of(campaign.id, List.of(june, july, august));

    static Campaign campaign(Instant createdAt) {
        Campaign c = new Campaign();
        c.id = UUID.randomUUID();
        c.createdAt = createdAt;
        c.filedBefore = Instant.parse("2024-04-15T00:00:00Z");
        return c;
    }

    static Phase phase(Campaign c, String name, Instant from, Instant to) {
        Phase p = new Phase();
        p.id = UUID.randomUUID();
        p.campaignId = c.id;
        p.name = name;
        p.startsAt = from;
        p.endsAt = to;
        p.amountFen = 100;
        p.quota = 1;
        return p;
    }

    private Optional<Phase> at(Instant t) {
        return PhaseSelector.select(List.of(campaign), phases, t).map(PhaseSelector.Selection::phase);
    }

    @Test
    void theStartInstantBelongsToThePhase() {
        assertThat(at(JUNE)).contains(june);
    }

    @Test
    void theEndInstantBelongsToTheNextPhase() {
        assertThat(at(JULY)).contains(july);
        assertThat(at(JULY.minusNanos(1))).contains(june);
    }

    @Test
    void beforeTheFirstAndFromTheLastEndThereIsNoPhase() {
        assertThat(at(JUNE.minusNanos(1))).isEmpty();
        assertThat(at(SEPTEMBER)).isEmpty();
        assertThat(at(SEPTEMBER.minusNanos(1))).contains(august);
    }

    @Test
    void aGapBetweenPhasesHasNoPhaseButIsWithinTheCampaignsSpan() {
        assertThat(at(AUGUST)).isEmpty();
        assertThat(at(AUGUST_10.minusSeconds(1))).isEmpty();
        assertThat(PhaseSelector.spanning(List.of(campaign), phases, AUGUST)).contains(campaign);
        assertThat(PhaseSelector.spanning(List.of(campaign), phases, SEPTEMBER)).isEmpty();
    }

    @Test
    void noCompletionTimeNoPhase() {
        assertThat(at(null)).isEmpty();
    }

    @Test
    void theEarliestCreatedCampaignWinsIfTwoEverMatch() {
        Campaign later = campaign(Instant.parse("2026-05-02T00:00:00Z"));
        Phase laterJune = phase(later, "June bis", JUNE, JULY);
        Map<UUID, List<Phase>> both = Map.of(campaign.id, List.of(june), later.id, List.of(laterJune));
        assertThat(PhaseSelector.select(List.of(later, campaign), both, JUNE.plusSeconds(5)))
                .map(PhaseSelector.Selection::campaign).contains(campaign);
    }
}
