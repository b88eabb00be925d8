package cn.ebike.subsidy.quota;

import static cn.ebike.subsidy.testsupport.Fixtures.FILED;
import static cn.ebike.subsidy.testsupport.Fixtures.JUNE;
import static cn.ebike.subsidy.testsupport.Fixtures.claim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.subsidy.testsupport.FakeUpstream;
import cn.ebike.subsidy.testsupport.FakeUpstream.TradeIn;
import cn.ebike.subsidy.testsupport.Fixtures;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis losing or disagreeing with its state, and instances dying between slot and commit. */
@QuarkusTest
class QuotaRecoveryTest {

    @Inject
    QuotaAllocator allocator;

    @Inject
    QuotaService quota;

    @Inject
    Scripts scripts;

    @Inject
    RedisDataSource redis;

    Fixtures.Created campaign;
    UUID phase;
    UUID dealer;

    @BeforeEach
    void campaign() {
        campaign = Fixtures.create(Fixtures.district(),
                List.of(Fixtures.phase("June", JUNE, Fixtures.JULY, 30000, 3)));
        phase = campaign.phaseIds().get(0);
        dealer = FakeUpstream.dealer(campaign.district(), true);
    }

    private TradeIn eligible() {
        return FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(30), FILED);
    }

    private QuotaAllocator.Slot takeSlotAndDie() {
        quota.ensureInitialised(campaign.campaignId(), null);
        QuotaAllocator.Allocation a = allocator.allocateAll(campaign.campaignId(), List.of(new QuotaAllocator.Request(
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), phase, 3))).get(0);
        assertThat(a.outcome()).isEqualTo(QuotaAllocator.Outcome.GRANTED);
        return a.slot();
    }

    private String counter() {
        return redis.value(String.class).get(allocator.keys(campaign.campaignId()).counter(phase));
    }

    @Test
    void keysLostToAFlushAreRebuiltFromPostgresqlBeforeTheNextSlot() {
        TradeIn a = eligible();
        TradeIn b = eligible();
        claim(a.id()).statusCode(201).body("rank", equalTo(1));
        claim(b.id()).statusCode(201).body("rank", equalTo(2));
        redis.execute("FLUSHDB");
        assertThat(allocator.isInitialised(campaign.campaignId(), List.of(phase))).isFalse();

        claim(eligible().id()).statusCode(201).body("rank", equalTo(3));
        assertThat(counter()).isEqualTo("3");
        // the rebuilt dedupe set knows the owners granted before the flush
        assertThat(redis.set(String.class).smembers(allocator.keys(campaign.campaignId()).owners()))
                .contains(a.ownerId().toString(), b.ownerId().toString());
        claim(FakeUpstream.eligible(dealer, a.ownerId(), JUNE.plusSeconds(99), FILED).id()).statusCode(201)
                .body("reason", equalTo("OWNER_ALREADY_GRANTED"));
    }

    @Test
    void aLostPhaseCounterAloneIsDetectedAndRebuilt() {
        claim(eligible().id()).statusCode(201).body("rank", equalTo(1));
        redis.key().del(allocator.keys(campaign.campaignId()).counter(phase));
        claim(eligible().id()).statusCode(201).body("rank", equalTo(2));
    }

    @Test
    void aSlotAbandonedByACrashedInstanceIsGivenBackAfterTheHoldTimeout() throws Exception {
        claim(eligible().id()).statusCode(201).body("rank", equalTo(1));
        claim(eligible().id()).statusCode(201).body("rank", equalTo(2));
        QuotaAllocator.Slot abandoned = takeSlotAndDie();
        assertThat(abandoned.rank()).isEqualTo(3);

        // the last slot is held by the dead instance: no decision can be made yet, nothing recorded
        TradeIn waiting = eligible();
        claim(waiting.id()).statusCode(503);

        Thread.sleep(2100);
        assertThat(quota.sweepAbandonedHolds()).isGreaterThanOrEqualTo(1);
        claim(waiting.id()).statusCode(201).body("status", equalTo("GRANTED")).body("rank", equalTo(3));
        claim(eligible().id()).statusCode(201).body("reason", equalTo("QUOTA_EXHAUSTED"));
    }

    @Test
    void theSweeperNeverGivesBackASlotWhoseGrantCommitted() throws Exception {
        TradeIn t = eligible();
        claim(t.id()).statusCode(201).body("rank", equalTo(1));
        // as if the instance died after committing but before clearing its hold
        String hold = phase + "|1|" + t.ownerId() + "|" + t.oldVehicleId() + "|" + (allocator.redisSeconds() - 60);
        redis.hash(String.class).hset(allocator.keys(campaign.campaignId()).holds(), t.id().toString(), hold);

        assertThat(quota.sweepAbandonedHolds()).isGreaterThanOrEqualTo(1);
        assertThat(allocator.holdsOf(campaign.campaignId())).isEmpty();
        assertThat(counter()).isEqualTo("1");
        assertThat(redis.sortedSet(String.class).zcard(allocator.keys(campaign.campaignId()).freeRanks(phase))).isZero();
        assertThat(redis.set(String.class).sismember(allocator.keys(campaign.campaignId()).owners(), t.ownerId().toString()))
                .isTrue();
        claim(eligible().id()).statusCode(201).body("rank", equalTo(2));
    }

    @Test
    void aGivenBackRankIsHandedOutAgainLowestFirst() {
        claim(eligible().id()).statusCode(201).body("rank", equalTo(1));
        QuotaAllocator.Slot slot = takeSlotAndDie();
        assertThat(slot.rank()).isEqualTo(2);
        assertThat(quota.giveBack(slot)).isTrue();
        claim(eligible().id()).statusCode(201).body("rank", equalTo(2));
        claim(eligible().id()).statusCode(201).body("rank", equalTo(3));
    }

    @Test
    void aReleaseFromBeforeARebuildChangesNothing() {
        QuotaAllocator.Slot old = takeSlotAndDie();
        redis.execute("FLUSHDB");
        assertThat(quota.ensureInitialised(campaign.campaignId(), null)).isTrue();
        Map<String, String> before = Map.of("counter", counter());
        assertThat(allocator.release(old, true, true, true)).isFalse();
        assertThat(Map.of("counter", counter())).isEqualTo(before);
        assertThat(redis.sortedSet(String.class).zcard(allocator.keys(campaign.campaignId()).freeRanks(phase))).isZero();
    }

    @Test
    void redisThatContradictsPostgresqlWithNothingInFlightIsRebuilt() {
        claim(eligible().id()).statusCode(201).body("rank", equalTo(1));
        QuotaAllocator.Slot slot = takeSlotAndDie();
        QuotaAllocator.Slot slot3 = takeSlotAndDie();
        quota.giveBack(slot);
        quota.giveBack(slot3);
        // the given-back ranks are lost (as if evicted): Redis now believes the phase is full
        redis.key().del(allocator.keys(campaign.campaignId()).freeRanks(phase));
        assertThat(counter()).isEqualTo("3");

        claim(eligible().id()).statusCode(201).body("status", equalTo("GRANTED")).body("rank", equalTo(2));
        claim(eligible().id()).statusCode(201).body("status", equalTo("GRANTED")).body("rank", equalTo(3));
        claim(eligible().id()).statusCode(201).body("reason", equalTo("QUOTA_EXHAUSTED"));
    }

    @Test
    void aScriptMissingFromRedisIsLoadedAndRunByItsSha() {
        String source = "-- probe " + UUID.randomUUID() + "\nreturn ARGV[1]";
        LuaScript probe = LuaScript.of("probe", source);
        assertThat(scripts.run(probe, List.of(), List.of("hello")).toString()).isEqualTo("hello");
        assertThat(redis.execute("SCRIPT", "EXISTS", probe.sha()).get(0).toInteger()).isEqualTo(1);
    }
}
