package cn.ebike.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Api.Phase;
import cn.ebike.systemtests.harness.Api.TradeIn;
import cn.ebike.systemtests.harness.Burst;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.Suite.Service;
import cn.ebike.systemtests.harness.Summary;
import cn.ebike.systemtests.harness.SuiteExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** subsidy-service is down while dealers complete trade-ins: every claim arrives once it is back, none twice. */
@Order(3)
@ExtendWith(SuiteExtension.class)
class SubsidyOutageTest {

    @Test
    void completionsMadeWhileSubsidyIsDownAreDeliveredExactlyOnceWhenItReturns(Api api, Suite suite) {
        String district = "上城区";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String campaignId = api.campaign(district, Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Phase("当期", now.minus(1, ChronoUnit.HOURS), now.plus(2, ChronoUnit.HOURS), 20_000, 100)));
        Dealer dealer = api.dealer(district, true);
        Burst burst = new Burst(api, List.of(dealer)).prepare(5, 1);

        suite.stop(Service.SUBSIDY);
        try {
            for (TradeIn t : burst.tradeIns()) {
                api.complete(dealer, t.id()).then().statusCode(200);
            }
            // the gateway says so instead of hanging
            api.as(api.regulator()).get("/api/campaigns/" + campaignId).then().statusCode(503);
            for (TradeIn t : burst.tradeIns()) {
                assertThat(api.tradeIn(t.id()).getBoolean("claimDelivered")).isFalse();
            }
            // the relay keeps retrying against a dead service for a while
            Suite.sleep(3_000);
        } finally {
            suite.restart(Service.SUBSIDY);
        }

        List<Map<String, Object>> decisions = burst.awaitDecisions(campaignId, Duration.ofSeconds(120));
        assertThat(decisions).hasSize(5);
        assertThat(decisions.stream().map(s -> s.get("tradeInId")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(burst.tradeIns().stream().map(TradeIn::id).toList());
        assertThat(decisions).allSatisfy(s -> assertThat(Burst.GRANTED_STATES).contains((String) s.get("status")));
        Summary.line("subsidy outage: 5 completions while subsidy-service was stopped → 5 claims delivered after restart, none twice");
    }
}
