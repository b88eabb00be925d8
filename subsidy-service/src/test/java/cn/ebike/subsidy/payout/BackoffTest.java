package cn.ebike.subsidy.payout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    final Duration base = Duration.ofSeconds(2);
    final Duration max = Duration.ofMinutes(10);

    @Test
    void theWaitDoublesPerAttemptWithinEqualJitter() {
        Random random = new Random(42);
        for (int attempt = 1; attempt <= 8; attempt++) {
            long step = Math.min(max.toMillis(), base.toMillis() << (attempt - 1));
            for (int i = 0; i < 200; i++) {
                long wait = Backoff.after(attempt, base, max, random).toMillis();
                assertThat(wait).isBetween(step / 2, step);
            }
        }
    }

    @Test
    void theWaitIsCappedEvenForHugeAttemptNumbers() {
        Random random = new Random(7);
        for (int attempt : new int[] {10, 30, 63, 64, 1000, Integer.MAX_VALUE}) {
            assertThat(Backoff.after(attempt, base, max, random)).isBetween(max.dividedBy(2), max);
        }
    }

    @Test
    void jitterSpreadsRetries() {
        Random random = new Random(1);
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToLong(i -> Backoff.after(3, base, max, random).toMillis()).distinct().count();
        assertThat(distinct).isGreaterThan(40);
    }
}
