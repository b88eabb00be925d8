package cn.ebike.tradein.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration BASE = Duration.ofSeconds(1);
    private static final Duration CAP = Duration.ofMinutes(5);

    @Test
    void ceilingDoublesPerAttemptUpToTheCap() {
        Backoff backoff = new Backoff(BASE, CAP, () -> 0.5);
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.ceiling(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(backoff.ceiling(10)).isEqualTo(CAP);
        assertThat(backoff.ceiling(1_000_000)).isEqualTo(CAP);
    }

    @Test
    void delayIsBetweenHalfAndAllOfTheCeiling() {
        assertThat(new Backoff(BASE, CAP, () -> 0.0).delay(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(new Backoff(BASE, CAP, () -> 0.999999).delay(4)).isBetween(Duration.ofMillis(7999),
                Duration.ofSeconds(8));
        assertThat(new Backoff(BASE, CAP, () -> 0.5).delay(4)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void jitterSpreadsDelaysAndNeverExceedsTheCap() {
        Backoff backoff = new Backoff(BASE, CAP, Math::random);
        for (int attempt = 1; attempt < 100; attempt++) {
            Duration delay = backoff.delay(attempt);
            assertThat(delay).isGreaterThanOrEqualTo(backoff.ceiling(attempt).dividedBy(2));
            assertThat(delay).isLessThanOrEqualTo(CAP);
        }
    }

    @Test
    void aClaimIsNeverAbandonedEvenAfterManyAttempts() {
        Backoff backoff = new Backoff(BASE, CAP, () -> 1.0);
        assertThat(backoff.delay(Integer.MAX_VALUE)).isPositive().isLessThanOrEqualTo(CAP);
    }

    @Test
    void refusesANonsensicalConfiguration() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, CAP, Math::random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(CAP, BASE, Math::random)).isInstanceOf(IllegalArgumentException.class);
    }
}
