package cn.ebike.common.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollupSplitTest {

    private static Instant cst(String local) {
        return Instant.parse(local + "Z").minusSeconds(8 * 3600);
    }

    @Test
    void anOpenRangeIsAllRollupAndNoEdges() {
        RollupSplit s = RollupSplit.of(new TimeRange(null, null), Interval.DAY);
        assertThat(s.first()).isEqualTo(RollupSplit.MIN);
        assertThat(s.end()).isEqualTo(RollupSplit.MAX);
        assertThat(s.edges()).isEmpty();
        assertThat(s.edge(0).from()).isEqualTo(s.edge(0).to());
    }

    @Test
    void wholeChinaDaysHaveNoEdges() {
        RollupSplit s = RollupSplit.of(new TimeRange(cst("2026-06-01T00:00:00"), cst("2026-06-03T00:00:00")), Interval.DAY);
        assertThat(s.first()).isEqualTo(LocalDate.parse("2026-06-01"));
        assertThat(s.end()).isEqualTo(LocalDate.parse("2026-06-03"));
        assertThat(s.edges()).isEmpty();
    }

    @Test
    void partialDaysAtBothEndsAreEdges() {
        Instant from = cst("2026-06-01T10:00:00");
        Instant to = cst("2026-06-03T09:30:00");
        RollupSplit s = RollupSplit.of(new TimeRange(from, to), Interval.DAY);
        assertThat(s.first()).isEqualTo(LocalDate.parse("2026-06-02"));
        assertThat(s.end()).isEqualTo(LocalDate.parse("2026-06-03"));
        assertThat(s.edges()).containsExactly(new TimeRange(from, cst("2026-06-02T00:00:00")),
                new TimeRange(cst("2026-06-03T00:00:00"), to));
    }

    @Test
    void aRangeInsideOneBucketIsOneEdgeAndNoRollup() {
        Instant from = cst("2026-06-01T10:00:00");
        Instant to = cst("2026-06-20T09:30:00");
        RollupSplit s = RollupSplit.of(new TimeRange(from, to), Interval.MONTH);
        assertThat(s.first()).isEqualTo(s.end());
        assertThat(s.edges()).containsExactly(new TimeRange(from, to));
        // across one month boundary but holding no whole month: nothing whole, the range itself counted
        RollupSplit across = RollupSplit.of(new TimeRange(from, cst("2026-07-03T00:00:00")), Interval.MONTH);
        assertThat(across.edges()).containsExactly(new TimeRange(from, cst("2026-07-03T00:00:00")));
        assertThat(across.first()).isEqualTo(across.end());
    }

    @Test
    void monthsFollowChinaTimeNotUtc() {
        // 2026-06-30T20:00Z is already July 1st in China: the range starts on a China month's midnight
        RollupSplit s = RollupSplit.of(new TimeRange(Instant.parse("2026-06-30T16:00:00Z"), null), Interval.MONTH);
        assertThat(s.first()).isEqualTo(LocalDate.parse("2026-07-01"));
        assertThat(s.end()).isEqualTo(RollupSplit.MAX);
        assertThat(s.edges()).isEmpty();
        assertThat(List.of(Interval.DAY, Interval.MONTH)).allSatisfy(u -> RollupSplit.of(new TimeRange(null, null), u));
    }
}
