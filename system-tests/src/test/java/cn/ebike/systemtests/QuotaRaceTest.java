package cn.ebike.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Phase;
import cn.ebike.systemtests.harness.Burst;
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

/** More completions than the phase quota, all at once, through the gateway. */
@Order(2)
@ExtendWith(SuiteExtension.class)
class QuotaRaceTest {

    private static final int QUOTA = 6;

    @Test
    void moreCompletionsThanQuotaAtOnceGrantExactlyTheQuotaOnePerOwner(Api api) throws Exception {
        String district = "拱墅区";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String campaignId = api.campaign(district, Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Phase("抢购阶段", now.minus(1, ChronoUnit.HOURS), now.plus(2, ChronoUnit.HOURS), 30_000, QUOTA)));
        Burst burst = new Burst(api, List.of(api.dealer(district, true), api.dealer(district, true)));
        // 14 owners with one bike and 2 owners with two bikes: 18 completions on a quota of 6
        burst.prepare(14, 1).prepare(2, 2);

        List<Integer> statuses = burst.completeAllAtOnce(null);
        assertThat(statuses).as("every completion succeeds; the quota is subsidy's business").containsOnly(200);

        List<Map<String, Object>> decisions = burst.awaitDecisions(campaignId, Duration.ofSeconds(90));
        Burst.assertFirstComeInvariants(decisions, QUOTA, 18);
        long exhausted = decisions.stream().filter(s -> "QUOTA_EXHAUSTED".equals(s.get("reason"))).count();
        long ownerTwice = decisions.stream().filter(s -> "OWNER_ALREADY_GRANTED".equals(s.get("reason"))).count();
        assertThat(exhausted + ownerTwice).as("everything not granted is rejected for quota or a second bike").isEqualTo(18 - QUOTA);
        assertThat(decisions.stream().filter(s -> "REJECTED".equals(s.get("status"))).count()).isEqualTo(18 - QUOTA);

        Map<String, Object> phase = api.as(api.regulator()).get("/api/campaigns/" + campaignId).then().statusCode(200)
                .extract().path("phases[0]");
        assertThat(((Number) phase.get("granted")).intValue()).isEqualTo(QUOTA);
        assertThat(((Number) phase.get("remaining")).intValue()).isZero();
        Summary.line("quota race: 18 simultaneous completions on quota %d → %d granted (ranks 1..%d), %d QUOTA_EXHAUSTED, %d OWNER_ALREADY_GRANTED",
                QUOTA, QUOTA, QUOTA, exhausted, ownerTwice);
    }
}
