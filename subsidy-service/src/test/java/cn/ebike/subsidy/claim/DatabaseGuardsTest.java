package cn.ebike.subsidy.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.subsidy.campaign.PhaseRepository;
import cn.ebike.subsidy.testsupport.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's own last line of defence, exercised with Redis bypassed: whatever slot a (buggy or
 * out-of-date) fast path hands out, the database refuses to over-allocate, to duplicate a rank or to
 * grant an owner or an old vehicle twice in a campaign — and a refused row of a batch costs only that row.
 */
@QuarkusTest
class DatabaseGuardsTest {

    @Inject
    DecisionWriter writer;

    @Inject
    PhaseRepository phases;

    @Inject
    SubsidyRepository subsidies;

    UUID campaign;
    UUID phase;

    @BeforeEach
    void campaign() {
        Fixtures.Created c = Fixtures.create(Fixtures.district(),
                List.of(Fixtures.phase("June", Fixtures.JUNE, Fixtures.JULY, 30000, 2)));
        campaign = c.campaignId();
        phase = c.phaseIds().get(0);
    }

    private Subsidy.Facts facts(UUID owner, UUID oldVehicle) {
        return new Subsidy.Facts(UUID.randomUUID(), owner, UUID.randomUUID(), oldVehicle, UUID.randomUUID(), campaign,
                phase, Instant.now());
    }

    private Subsidy.Facts fresh() {
        return facts(UUID.randomUUID(), UUID.randomUUID());
    }

    private static DecisionWriter.Decision grant(Subsidy.Facts f, int rank, int quota) {
        Subsidy s = Subsidy.undecided(f.tradeInId());
        s.grant(f, 30000, rank, quota, Instant.now());
        return new DecisionWriter.Decision(s, null, null);
    }

    private static DecisionWriter.Decision reject(Subsidy.Facts f, RejectionReason reason, boolean toConfirm) {
        Subsidy s = Subsidy.undecided(f.tradeInId());
        s.reject(f, reason, Instant.now());
        return new DecisionWriter.Decision(s, null, toConfirm ? reason : null);
    }

    private DecisionWriter.Result write(DecisionWriter.Decision d) {
        writer.write(List.of(d), "test");
        return d.result();
    }

    private int committed() {
        return QuarkusTransaction.requiringNew().call(() -> phases.findById(phase).granted);
    }

    private long rows(UUID tradeInId) {
        return QuarkusTransaction.requiringNew().call(() -> subsidies.count("tradeInId", tradeInId));
    }

    @Test
    void aRankAboveTheQuotaIsRefused() {
        assertThatThrownBy(() -> write(grant(fresh(), 3, 2)))
                .satisfies(e -> assertThat(DecisionRounds.isRetryable(e)).as("a constraint said no").isTrue());
        assertThatThrownBy(() -> write(grant(fresh(), 3, 3))).as("a lie about the quota")
                .satisfies(e -> assertThat(DecisionRounds.isRetryable(e)).isTrue());
        assertThat(committed()).isZero();
    }

    @Test
    void aRankIsGrantedOnce() {
        assertThat(write(grant(fresh(), 1, 2))).isEqualTo(DecisionWriter.Result.WRITTEN);
        Subsidy.Facts second = fresh();
        assertThat(write(grant(second, 1, 2))).isEqualTo(DecisionWriter.Result.NOT_WRITTEN);
        assertThat(rows(second.tradeInId())).isZero();
        assertThat(committed()).isEqualTo(1);
    }

    @Test
    void theCountGuardRefusesAGrantOnceThePhaseIsFull() {
        write(grant(fresh(), 1, 2));
        // as if another grant had committed with a rank this one does not collide with
        QuarkusTransaction.requiringNew().run(() -> phases.update("granted = 2 where id = ?1", phase));
        Subsidy.Facts f = fresh();
        Subsidy.Facts rejected = fresh();
        assertThatThrownBy(() -> writer.write(List.of(grant(f, 2, 2),
                reject(rejected, RejectionReason.VEHICLE_NOT_ELIGIBLE, false)), "test"))
                .isInstanceOf(PhaseFullException.class);
        assertThat(rows(f.tradeInId())).as("the whole round rolled back").isZero();
        assertThat(rows(rejected.tradeInId())).isZero();
    }

    @Test
    void anOwnerAndAnOldVehicleAreGrantedOncePerCampaign() {
        UUID owner = UUID.randomUUID();
        UUID firstVehicle = UUID.randomUUID();
        UUID vehicle = UUID.randomUUID();
        assertThat(write(grant(facts(owner, firstVehicle), 1, 2))).isEqualTo(DecisionWriter.Result.WRITTEN);
        // rank 2 is free: only the owner, then only the old vehicle, stands in the way
        assertThat(write(grant(facts(owner, UUID.randomUUID()), 2, 2))).isEqualTo(DecisionWriter.Result.NOT_WRITTEN);
        assertThat(write(grant(facts(UUID.randomUUID(), firstVehicle), 2, 2))).isEqualTo(DecisionWriter.Result.NOT_WRITTEN);
        assertThat(write(reject(facts(UUID.randomUUID(), vehicle), RejectionReason.VEHICLE_NOT_ELIGIBLE, false)))
                .as("a rejection holds nothing").isEqualTo(DecisionWriter.Result.WRITTEN);
        assertThat(write(grant(facts(UUID.randomUUID(), vehicle), 2, 2))).isEqualTo(DecisionWriter.Result.WRITTEN);
        assertThat(committed()).isEqualTo(2);
    }

    @Test
    void aTradeInIsDecidedOnce() {
        Subsidy.Facts f = fresh();
        assertThat(write(grant(f, 1, 2))).isEqualTo(DecisionWriter.Result.WRITTEN);
        assertThat(write(grant(f, 2, 2))).isEqualTo(DecisionWriter.Result.NOT_WRITTEN);
        assertThat(write(reject(f, RejectionReason.QUOTA_EXHAUSTED, false))).isEqualTo(DecisionWriter.Result.NOT_WRITTEN);
        assertThat(rows(f.tradeInId())).isEqualTo(1);
        assertThat(committed()).isEqualTo(1);
    }

    @Test
    void aRefusedRowOfABatchCostsOnlyThatRow() {
        UUID owner = UUID.randomUUID();
        DecisionWriter.Decision first = grant(facts(owner, UUID.randomUUID()), 1, 2);
        DecisionWriter.Decision sameOwner = grant(facts(owner, UUID.randomUUID()), 2, 2);
        DecisionWriter.Decision rejection = reject(fresh(), RejectionReason.DEALER_NOT_AUTHORIZED, false);
        writer.write(List.of(first, sameOwner, rejection), "test");
        // (Redis never lets one owner take two slots; this is the unique index alone.) Rows are written in
        // trade-in id order, so which of the two gets in depends on the random ids: exactly one does.
        assertThat(List.of(first.result(), sameOwner.result()))
                .containsExactlyInAnyOrder(DecisionWriter.Result.WRITTEN, DecisionWriter.Result.NOT_WRITTEN);
        assertThat(rejection.result()).as("the rest of the batch is written").isEqualTo(DecisionWriter.Result.WRITTEN);
        assertThat(rows(first.row().tradeInId()) + rows(sameOwner.row().tradeInId())).isEqualTo(1);
        assertThat(committed()).isEqualTo(1);
    }

    @Test
    void aRedisNoIsRecordedOnlyWhenPostgresqlConfirmsItInTheSameTransaction() {
        UUID owner = UUID.randomUUID();
        // Redis says "owner seen" / "phase full" while PostgreSQL knows nothing of it: not recorded
        DecisionWriter.Decision ownerNo = reject(facts(owner, UUID.randomUUID()), RejectionReason.OWNER_ALREADY_GRANTED, true);
        DecisionWriter.Decision fullNo = reject(fresh(), RejectionReason.QUOTA_EXHAUSTED, true);
        writer.write(List.of(ownerNo, fullNo), "test");
        assertThat(ownerNo.result()).isEqualTo(DecisionWriter.Result.UNCONFIRMED);
        assertThat(fullNo.result()).isEqualTo(DecisionWriter.Result.UNCONFIRMED);
        assertThat(rows(ownerNo.row().tradeInId())).isZero();

        // a grant of the same batch confirms them: the owner is granted, the phase is then full
        DecisionWriter.Decision granted = grant(facts(owner, UUID.randomUUID()), 1, 2);
        DecisionWriter.Decision other = grant(fresh(), 2, 2);
        DecisionWriter.Decision ownerAgain = reject(facts(owner, UUID.randomUUID()), RejectionReason.OWNER_ALREADY_GRANTED, true);
        DecisionWriter.Decision fullAgain = reject(fresh(), RejectionReason.QUOTA_EXHAUSTED, true);
        writer.write(List.of(granted, other, ownerAgain, fullAgain), "test");
        assertThat(List.of(granted.result(), other.result(), ownerAgain.result(), fullAgain.result()))
                .containsOnly(DecisionWriter.Result.WRITTEN);
        assertThat(committed()).isEqualTo(2);
    }
}
