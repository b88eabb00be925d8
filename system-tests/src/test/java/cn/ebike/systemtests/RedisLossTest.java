package cn.ebike.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Phase;
import cn.ebike.systemtests.harness.Burst;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.Summary;
import cn.ebike.systemtests.harness.SuiteExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Redis loses everything in the middle of a burst (it keeps nothing on disk): still never over quota. */
@Order(4)
@ExtendWith(SuiteExtension.class)
class RedisLossTest {

    private static final int QUOTA = 5;

    @Test
    void flushingRedisDuringABurstNeverGrantsMoreThanTheQuota(Api api, Suite suite) throws Exception {
        String district = "滨江区";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String campaignId = api.campaign(district, Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Phase("当期", now.minus(1, ChronoUnit.HOURS), now.plus(2, ChronoUnit.HOURS), 20_000, QUOTA)));
        Burst burst = new Burst(api, List.of(api.dealer(district, true), api.dealer(district, true))).prepare(16, 1);

        // some grants exist before the flush, so the rebuilt counters must start from PostgreSQL, not zero
        List<Integer> statuses = burst.completeAllAtOnce(suite::flushRedis);
        assertThat(statuses).containsOnly(200);

        List<Map<String, Object>> decisions = burst.awaitDecisions(campaignId, Duration.ofSeconds(90));
        Burst.assertFirstComeInvariants(decisions, QUOTA, 16);
        assertThat(decisions.stream().filter(s -> "QUOTA_EXHAUSTED".equals(s.get("reason"))).count()).isEqualTo(16 - QUOTA);

        // and after the burst, with Redis empty again, one more eligible claim is still refused
        suite.flushRedis();
        Burst late = new Burst(api, List.of(api.dealer(district, true))).prepare(1, 1);
        late.completeAllAtOnce(null);
        List<Map<String, Object>> lateDecision = late.awaitDecisions(campaignId, Duration.ofSeconds(60));
        assertThat(lateDecision).singleElement().satisfies(s -> assertThat(s.get("reason")).isEqualTo("QUOTA_EXHAUSTED"));
        Summary.line("redis loss: FLUSHDB mid-burst of 16 on quota %d → exactly %d granted; a late claim after another flush → QUOTA_EXHAUSTED",
                QUOTA, QUOTA);
    }
}
