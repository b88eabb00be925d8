package cn.ebike.subsidy.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PhaseStateTest {

    @Test
    void theCounterIsTheHighestCommittedRankAndTheGapsBelowItAreFree() {
        QuotaAllocator.PhaseState s = QuotaAllocator.PhaseState.of(UUID.randomUUID(), List.of(5, 1, 2, 7));
        assertThat(s.highestRank()).isEqualTo(7);
        assertThat(s.freeRanks()).containsExactly(3, 4, 6);
    }

    @Test
    void aPhaseWithoutGrantsStartsAtZero() {
        QuotaAllocator.PhaseState s = QuotaAllocator.PhaseState.of(UUID.randomUUID(), List.of());
        assertThat(s.highestRank()).isZero();
        assertThat(s.freeRanks()).isEmpty();
    }

    @Test
    void holdsAreReadBackFromTheirRedisValue() {
        UUID phase = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        UUID vehicle = UUID.randomUUID();
        UUID tradeIn = UUID.randomUUID();
        QuotaAllocator.Hold h = QuotaAllocator.Hold.parse(tradeIn.toString(),
                phase + "|12|" + owner + "|" + vehicle + "|1780000000");
        assertThat(h).isEqualTo(new QuotaAllocator.Hold(tradeIn, phase, 12, owner, vehicle, 1780000000L,
                phase + "|12|" + owner + "|" + vehicle + "|1780000000"));
    }

    @Test
    void keysOfACampaignShareOneHashTag() {
        UUID c = UUID.randomUUID();
        UUID p = UUID.randomUUID();
        QuotaKeys k = new QuotaKeys("subsidy", c);
        for (String key : k.forPhase(p)) {
            assertThat(key).startsWith("subsidy:{" + c + "}:");
        }
    }
}
