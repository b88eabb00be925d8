package cn.ebike.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.common.problem.DependencyUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceTokenCacheTest {

    private final Instant t0 = Instant.parse("2026-11-30T08:00:00Z");
    private final MutableClock clock = new MutableClock(t0);
    private final AtomicInteger fetches = new AtomicInteger();

    private ServiceTokenCache cache(Duration lifetime) {
        return new ServiceTokenCache(() -> new ServiceTokenCache.Token("t" + fetches.incrementAndGet(),
                clock.instant().plus(lifetime)), Duration.ofSeconds(30), "the token endpoint", clock);
    }

    @Test
    void oneTokenIsSharedUntilShortlyBeforeItExpires() {
        ServiceTokenCache cache = cache(Duration.ofMinutes(5));
        assertThat(cache.token()).isEqualTo("t1");
        clock.now = t0.plusSeconds(269);
        assertThat(cache.token()).isEqualTo("t1");
        clock.now = t0.plusSeconds(270);
        assertThat(cache.token()).isEqualTo("t2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aShortLivedTokenIsKeptForHalfItsLife() {
        ServiceTokenCache cache = cache(Duration.ofSeconds(40));
        assertThat(cache.token()).isEqualTo("t1");
        clock.now = t0.plusSeconds(19);
        assertThat(cache.token()).isEqualTo("t1");
        clock.now = t0.plusSeconds(20);
        assertThat(cache.token()).isEqualTo("t2");
    }

    @Test
    void a401DropsOnlyTheTokenItWasAnsweredFor() {
        ServiceTokenCache cache = cache(Duration.ofMinutes(5));
        String first = cache.token();
        cache.invalidate(first);
        assertThat(cache.token()).isEqualTo("t2");
        cache.invalidate(first); // a late 401 for the old token
        assertThat(cache.token()).isEqualTo("t2");
    }

    @Test
    void aFailedFetchIsServiceUnavailable() {
        ServiceTokenCache cache = new ServiceTokenCache(() -> {
            throw new IllegalStateException("connection refused");
        }, Duration.ofSeconds(30), "the gateway's token endpoint", clock);
        assertThatThrownBy(cache::token).isInstanceOf(DependencyUnavailableException.class);
        ServiceTokenCache empty = new ServiceTokenCache(() -> new ServiceTokenCache.Token(" ", null),
                Duration.ofSeconds(30), "the gateway's token endpoint", clock);
        assertThatThrownBy(empty::token).isInstanceOf(DependencyUnavailableException.class);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
