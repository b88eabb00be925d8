package cn.ebike.gateway.support;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared by every @QuarkusTest here (one Quarkus boot): WireMock services reset, and this module's
 * Redis database (index 2, test only) emptied so rate limits, lock-outs and codes start clean.
 */
@QuarkusTestResource(WireMockServices.class)
public abstract class GatewayTestBase {

    @Inject
    protected RedisDataSource redis;

    @Inject
    protected cn.ebike.gateway.proxy.RateLimiter rateLimiter;

    @BeforeEach
    void cleanState() throws InterruptedException {
        WireMockServices.resetAll();
        // a lease the last test's requests sent ahead of need would land after the reset below and count a batch
        // for a bucket forgotten here (seen: 119 of 120 anonymous calls admitted in the next test)
        long until = System.nanoTime() + 5_000_000_000L;
        while (rateLimiter.leasesOut() > 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        // only this module's keys, in this module's test database
        java.util.List<String> keys = redis.key().keys("gateway:*");
        if (!keys.isEmpty()) {
            redis.key().del(keys.toArray(String[]::new));
        }
        // local permits and refusals mirror what Redis held: forget them with it
        rateLimiter.forgetLocalState();
    }
}
