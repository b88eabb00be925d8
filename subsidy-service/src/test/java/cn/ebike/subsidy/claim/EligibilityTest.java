package cn.ebike.subsidy.claim;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.subsidy.campaign.Campaign;
import cn.ebike.subsidy.client.DealerView;
import cn.ebike.subsidy.client.TradeInView;
import cn.ebike.subsidy.client.VehicleView;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EligibilityTest {

    static final Instant CUT_OFF = Instant.parse("2024-04-15T00:00:00Z");
    final UUID owner = UUID.randomUUID();
    final TradeInView tradeIn = new TradeInView(UUID.randomUUID(), UUID.randomUUID(), owner, UUID.randomUUID(),
            UUID.randomUUID(), "COMPLETED", Instant.parse("2026-06-02T10:00:00Z"), null);
    final Campaign campaign = new Campaign();

    {
        campaign.filedBefore = CUT_OFF;
    }

    VehicleView old(String category, Instant filedAt, String status, String reference, UUID ownerId) {
        return new VehicleView(tradeIn.oldVehicleId(), category, status, ownerId, filedAt, "REVOKED", Instant.now(), reference);
    }

    VehicleView eligibleOld() {
        return old("NON_STANDARD_FILED", CUT_OFF.minusSeconds(1), "SCRAPPED", tradeIn.id().toString(), owner);
    }

    VehicleView fresh(String category, String status, String plate, UUID ownerId) {
        return new VehicleView(tradeIn.newVehicleId(), category, status, ownerId, null, plate, null, null);
    }

    @Test
    void onlyACompletedTradeInWithACompletionTimeCounts() {
        assertThat(Eligibility.tradeInCompleted(tradeIn)).isTrue();
        assertThat(Eligibility.tradeInCompleted(new TradeInView(tradeIn.id(), null, owner, null, null, "OPEN", null, null))).isFalse();
        assertThat(Eligibility.tradeInCompleted(new TradeInView(tradeIn.id(), null, owner, null, null, "COMPLETED", null, null)))
                .isFalse();
        assertThat(Eligibility.tradeInCompleted(new TradeInView(tradeIn.id(), null, owner, null, null, "CANCELLED",
                Instant.now(), null))).isFalse();
    }

    @Test
    void onlyAnAuthorisedAgentPointWithADistrictCounts() {
        assertThat(Eligibility.dealerAuthorized(new DealerView(UUID.randomUUID(), "西湖区", true))).isTrue();
        assertThat(Eligibility.dealerAuthorized(new DealerView(UUID.randomUUID(), "西湖区", false))).isFalse();
        assertThat(Eligibility.dealerAuthorized(new DealerView(UUID.randomUUID(), "西湖区", null))).isFalse();
        assertThat(Eligibility.dealerAuthorized(new DealerView(UUID.randomUUID(), " ", true))).isFalse();
        assertThat(Eligibility.dealerAuthorized(null)).isFalse();
    }

    @Test
    void theOldBikeIsFiledNonStandardStrictlyBeforeTheCutOffAndScrappedForThisTradeIn() {
        assertThat(Eligibility.oldVehicleEligible(eligibleOld(), tradeIn, campaign)).isTrue();
        assertThat(Eligibility.oldVehicleEligible(old("NON_STANDARD_FILED", CUT_OFF, "SCRAPPED", tradeIn.id().toString(),
                owner), tradeIn, campaign)).as("filed at the cut-off").isFalse();
        assertThat(Eligibility.oldVehicleEligible(old("NON_STANDARD_FILED", null, "SCRAPPED", tradeIn.id().toString(),
                owner), tradeIn, campaign)).as("never filed").isFalse();
        assertThat(Eligibility.oldVehicleEligible(old("COMPLIANT", CUT_OFF.minusSeconds(1), "SCRAPPED",
                tradeIn.id().toString(), owner), tradeIn, campaign)).isFalse();
        assertThat(Eligibility.oldVehicleEligible(old("NON_STANDARD_FILED", CUT_OFF.minusSeconds(1), "REGISTERED",
                tradeIn.id().toString(), owner), tradeIn, campaign)).as("not scrapped").isFalse();
        assertThat(Eligibility.oldVehicleEligible(old("NON_STANDARD_FILED", CUT_OFF.minusSeconds(1), "SCRAPPED",
                UUID.randomUUID().toString(), owner), tradeIn, campaign)).as("scrapped for another trade-in").isFalse();
        assertThat(Eligibility.oldVehicleEligible(old("NON_STANDARD_FILED", CUT_OFF.minusSeconds(1), "SCRAPPED",
                tradeIn.id().toString().toUpperCase(), null), tradeIn, campaign)).as("owner not given; case-insensitive id")
                .isTrue();
        assertThat(Eligibility.oldVehicleEligible(old("NON_STANDARD_FILED", CUT_OFF.minusSeconds(1), "SCRAPPED",
                tradeIn.id().toString(), UUID.randomUUID()), tradeIn, campaign)).as("someone else's bike").isFalse();
        assertThat(Eligibility.oldVehicleEligible(null, tradeIn, campaign)).isFalse();
    }

    @Test
    void theNewBikeIsCompliantNotScrappedWithAnActivePlate() {
        assertThat(Eligibility.newVehicleEligible(fresh("COMPLIANT", "REGISTERED", "ACTIVE", owner), tradeIn)).isTrue();
        assertThat(Eligibility.newVehicleEligible(fresh("COMPLIANT", "REGISTERED", "REVOKED", owner), tradeIn)).isFalse();
        assertThat(Eligibility.newVehicleEligible(fresh("COMPLIANT", "REGISTERED", null, owner), tradeIn)).isFalse();
        assertThat(Eligibility.newVehicleEligible(fresh("COMPLIANT", "SCRAPPED", "ACTIVE", owner), tradeIn)).isFalse();
        assertThat(Eligibility.newVehicleEligible(fresh("NON_STANDARD_FILED", "REGISTERED", "ACTIVE", owner), tradeIn))
                .isFalse();
        assertThat(Eligibility.newVehicleEligible(fresh("COMPLIANT", "REGISTERED", "ACTIVE", UUID.randomUUID()), tradeIn))
                .isFalse();
    }

    @Test
    void aVehicleThatIsNotTheOneTheTradeInNamesIsNotEligible() {
        VehicleView other = new VehicleView(UUID.randomUUID(), "COMPLIANT", "REGISTERED", owner, null, "ACTIVE", null, null);
        assertThat(Eligibility.newVehicleEligible(other, tradeIn)).isFalse();
    }
}
