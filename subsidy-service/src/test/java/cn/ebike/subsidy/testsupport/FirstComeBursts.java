package cn.ebike.subsidy.testsupport;

import static cn.ebike.subsidy.testsupport.Fixtures.FILED;
import static cn.ebike.subsidy.testsupport.Fixtures.JUNE;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.subsidy.campaign.Phase;
import cn.ebike.subsidy.campaign.PhaseRepository;
import cn.ebike.subsidy.claim.RejectionReason;
import cn.ebike.subsidy.claim.Subsidy;
import cn.ebike.subsidy.claim.SubsidyRepository;
import cn.ebike.subsidy.claim.SubsidyStatus;
import cn.ebike.subsidy.quota.QuotaAllocator;
import cn.ebike.subsidy.testsupport.FakeUpstream.TradeIn;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The claim bursts of the concurrency tests (one claim per request, or in batches) and what must hold after
 * each, whatever the interleaving, retries or Redis losses: one decision per trade-in, exactly the quota
 * granted with ranks 1..quota, no owner twice, the database's own count, no slot left in flight.
 */
@ApplicationScoped
public class FirstComeBursts {

    @Inject
    SubsidyRepository subsidies;

    @Inject
    PhaseRepository phases;

    @Inject
    QuotaAllocator allocator;

    @Inject
    RedisDataSource redis;

    /** {@code claims} eligible trade-ins completed in June from 250 owners (some with two), shuffled. */
    public static List<TradeIn> burst(String district, int claims) {
        UUID dealer = FakeUpstream.dealer(district, true);
        List<UUID> owners = IntStream.range(0, 250).mapToObj(i -> UUID.randomUUID()).toList();
        List<TradeIn> list = new ArrayList<>();
        for (int i = 0; i < claims; i++) {
            list.add(FakeUpstream.eligible(dealer, owners.get(i % owners.size()), JUNE.plusSeconds(60L + i), FILED));
        }
        Collections.shuffle(list);
        return list;
    }

    public void assertInvariants(UUID campaignId, UUID phaseId, List<TradeIn> trades, int quota) {
        List<Subsidy> rows = QuarkusTransaction.requiringNew().call(() -> subsidies.list("campaignId", campaignId));
        assertThat(rows).as("one decision per trade-in").hasSize(trades.size());
        assertThat(rows.stream().map(s -> s.tradeInId()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(trades.stream().map(TradeIn::id).toList());
        List<Subsidy> granted = rows.stream().filter(s -> s.status() == SubsidyStatus.GRANTED).toList();
        assertThat(granted).as("exactly the quota is granted").hasSize(quota);
        assertThat(granted.stream().map(s -> s.rank()).sorted().toList())
                .as("ranks 1..quota, each once").isEqualTo(IntStream.rangeClosed(1, quota).boxed().toList());
        assertThat(granted.stream().map(s -> s.ownerId()).collect(Collectors.toSet())).as("no owner twice").hasSize(quota);
        assertThat(granted).allSatisfy(s -> {
            assertThat(s.phaseId()).isEqualTo(phaseId);
            assertThat(s.amountFen()).isEqualTo(30000L);
        });
        assertThat(rows.stream().filter(s -> s.status() == SubsidyStatus.REJECTED).map(s -> s.reason()).distinct())
                .isSubsetOf(RejectionReason.QUOTA_EXHAUSTED, RejectionReason.OWNER_ALREADY_GRANTED);
        Phase phase = QuarkusTransaction.requiringNew().call(() -> phases.findById(phaseId));
        assertThat(phase.granted).as("the database's own count").isEqualTo(quota);
        assertThat(allocator.holdsOf(campaignId)).as("no slot left in flight").isEmpty();
        // after a FLUSHDB the counter comes back only if a later claim still needed Redis: claims refused before
        // allocation (the phase already full in PostgreSQL) leave it absent, which hands out nothing
        String taken = redis.value(String.class).get(allocator.keys(campaignId).counter(phaseId));
        if (taken != null) {
            assertThat(Integer.parseInt(taken)).as("Redis never handed out more than the quota").isLessThanOrEqualTo(quota);
        }
    }
}
