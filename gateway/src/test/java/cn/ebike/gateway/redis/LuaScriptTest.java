package cn.ebike.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.gateway.support.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.redis.client.Redis;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The one helper that runs the gateway's Lua scripts, on both of its paths. */
@QuarkusTest
class LuaScriptTest extends GatewayTestBase {

    /** Adds ARGV[1] to KEYS[1] and returns the sum (a fresh script text per test, so Redis cannot know it). */
    private static LuaScript incrementBy(String tag) {
        return new LuaScript("-- " + tag + "\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])");
    }

    @Inject
    Redis vertxRedis;

    @ConfigProperty(name = "quarkus.redis.timeout")
    Duration timeout;

    private boolean known(LuaScript script) {
        return redis.execute("SCRIPT", "EXISTS", script.sha()).get(0).toLong() == 1;
    }

    @Test
    void blockingRunLoadsAnUnknownScriptThenRunsItBySha() {
        LuaScript script = incrementBy("blocking " + System.nanoTime());
        redis.execute("SCRIPT", "FLUSH");
        assertThat(known(script)).isFalse();

        assertThat(script.runBlocking(redis, new String[] {"gateway:test:lua"}, 5).toLong()).isEqualTo(5);
        assertThat(known(script)).as("EVAL after NOSCRIPT leaves the script in Redis' cache").isTrue();
        assertThat(script.runBlocking(redis, new String[] {"gateway:test:lua"}, 2).toLong()).isEqualTo(7);
    }

    @Test
    void eventLoopRunLoadsAnUnknownScriptThenRunsItBySha() throws Exception {
        LuaScript script = incrementBy("non-blocking " + System.nanoTime());
        redis.execute("SCRIPT", "FLUSH");

        assertThat(script.run(vertxRedis::send, new String[] {"gateway:test:lua"}, 3)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toLong()).isEqualTo(3);
        assertThat(known(script)).isTrue();
        assertThat(script.run(vertxRedis::send, new String[] {"gateway:test:lua"}, 4)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toLong()).isEqualTo(7);
    }

    @Test
    void aScriptErrorIsRedisUnavailableWithoutASecondTry() {
        LuaScript broken = new LuaScript("return redis.call('NO-SUCH-COMMAND')");
        assertThatThrownBy(() -> broken.runBlocking(redis, new String[0]))
                .isInstanceOf(LuaScript.RedisUnavailableException.class);
    }

    /**
     * A Redis that stays silent (every client paused for longer than {@code quarkus.redis.timeout}) fails the blocking
     * path after that timeout, not when Redis wakes up, and not never.
     */
    @Test
    void aSilentRedisFailsTheBlockingPathAfterTheConfiguredTimeout() throws Exception {
        LuaScript script = incrementBy("silent");
        script.runBlocking(redis, new String[] {"gateway:test:lua"}, 1); // loaded, so only the pause can delay it
        long pauseMs = timeout.toMillis() + 2_000;
        long pausedAt = System.nanoTime();
        redis.execute("CLIENT", "PAUSE", String.valueOf(pauseMs), "ALL");
        try {
            assertThatThrownBy(() -> script.runBlocking(redis, new String[] {"gateway:test:lua"}, 1))
                    .isInstanceOf(LuaScript.RedisUnavailableException.class);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
            assertThat(waited).as("gave up after quarkus.redis.timeout (%s), before Redis woke up", timeout)
                    .isBetween(timeout.toMillis() - 100, pauseMs - 1);
        } finally {
            long left = pauseMs + 200 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
            if (left > 0) {
                Thread.sleep(left); // let the pause end before the next test cleans Redis
            }
        }
        // Redis back: the script runs again (the timed-out call may or may not have been applied meanwhile)
        assertThat(script.runBlocking(redis, new String[] {"gateway:test:lua"}, 10).toLong()).isGreaterThanOrEqualTo(12);
    }
}
