package cn.ebike.tradein.tradein;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every legal and illegal move of the trade-in state machine, without a container. */
class TradeInStateMachineTest {

    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
    private static final Instant T1 = Instant.parse("2026-06-01T09:00:00Z");
    private static final Instant T2 = Instant.parse("2026-06-01T10:00:00Z");

    private static TradeIn open() {
        return TradeIn.open(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), T0);
    }

    private static TradeIn ready() {
        TradeIn t = open();
        t.recordRecycling("R-1", true, T1);
        t.recordNewVehicle(UUID.randomUUID());
        return t;
    }

    private static TradeIn completed() {
        TradeIn t = ready();
        t.complete(T2);
        return t;
    }

    private static TradeIn cancelled() {
        TradeIn t = open();
        t.cancel("owner changed their mind", T1);
        return t;
    }

    // --- the enum's transitions ---------------------------------------------------------------

    @Test
    void openMayCompleteCancelAndRecordSteps() {
        assertThat(TradeInStatus.OPEN.complete()).isEqualTo(TradeInStatus.COMPLETED);
        assertThat(TradeInStatus.OPEN.cancel()).isEqualTo(TradeInStatus.CANCELLED);
        assertThat(TradeInStatus.OPEN.recordStep("record recycling for")).isEqualTo(TradeInStatus.OPEN);
    }

    @ParameterizedTest
    @EnumSource(value = TradeInStatus.class, names = {"COMPLETED", "CANCELLED"})
    void finishedTradeInsRefuseEveryTransition(TradeInStatus status) {
        assertRefused(status, s -> s.complete(), "complete");
        assertRefused(status, s -> s.cancel(), "cancel");
        assertRefused(status, s -> s.recordStep("record recycling for"), "record recycling for");
    }

    private static void assertRefused(TradeInStatus status, Consumer<TradeInStatus> move, String action) {
        assertThatThrownBy(() -> move.accept(status))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.from()).isEqualTo(status);
                    assertThat(e.action()).isEqualTo(action);
                    assertThat(e.getMessage()).contains(status.name());
                });
    }

    @Test
    void onlyCancelledReleasesTheVehicles() {
        assertThat(TradeInStatus.OPEN.isLive()).isTrue();
        assertThat(TradeInStatus.COMPLETED.isLive()).isTrue();
        assertThat(TradeInStatus.CANCELLED.isLive()).isFalse();
    }

    // --- the entity's steps and their preconditions --------------------------------------------

    @Test
    void aNewTradeInIsOpenWithNothingRecorded() {
        TradeIn t = open();
        assertThat(t.status()).isEqualTo(TradeInStatus.OPEN);
        assertThat(t.openedAt()).isEqualTo(T0);
        assertThat(t.recycledAt()).isNull();
        assertThat(t.newVehicleId()).isNull();
        assertThat(t.completedAt()).isNull();
    }

    @Test
    void recyclingIsRecordedWhileOpenWithServerTime() {
        TradeIn t = open();
        t.recordRecycling("R-1", true, T1);
        assertThat(t.status()).isEqualTo(TradeInStatus.OPEN);
        assertThat(t.recycledAt()).isEqualTo(T1);
        assertThat(t.recyclingReceiptNo()).isEqualTo("R-1");
        assertThat(t.batteryReturned()).isTrue();
    }

    @Test
    void recyclingWithoutTheBatteryIsRefused() {
        TradeIn t = open();
        assertThatThrownBy(() -> t.recordRecycling("R-1", false, T1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(t.recycledAt()).isNull();
    }

    @Test
    void recordingRecyclingTwiceIsAConflict() {
        TradeIn t = open();
        t.recordRecycling("R-1", true, T1);
        assertThatThrownBy(() -> t.recordRecycling("R-2", true, T2)).isInstanceOf(IllegalTransitionException.class);
        assertThat(t.recyclingReceiptNo()).isEqualTo("R-1");
    }

    @Test
    void newVehicleIsRecordedWhileOpenInEitherOrder() {
        TradeIn t = open();
        UUID newVehicle = UUID.randomUUID();
        t.recordNewVehicle(newVehicle);
        t.recordRecycling("R-1", true, T1);
        assertThat(t.newVehicleId()).isEqualTo(newVehicle);
        assertThat(t.status()).isEqualTo(TradeInStatus.OPEN);
    }

    @Test
    void recordingTheNewVehicleTwiceIsAConflict() {
        TradeIn t = open();
        UUID first = UUID.randomUUID();
        t.recordNewVehicle(first);
        assertThatThrownBy(() -> t.recordNewVehicle(UUID.randomUUID())).isInstanceOf(IllegalTransitionException.class);
        assertThat(t.newVehicleId()).isEqualTo(first);
    }

    @Test
    void theNewVehicleCannotBeTheOldOne() {
        TradeIn t = open();
        assertThatThrownBy(() -> t.recordNewVehicle(t.oldVehicleId())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void completingWithBothStepsSetsCompletedAt() {
        TradeIn t = ready();
        t.complete(T2);
        assertThat(t.status()).isEqualTo(TradeInStatus.COMPLETED);
        assertThat(t.completedAt()).isEqualTo(T2);
    }

    @Test
    void completingBeforeAnyStepIsAConflictNamingBoth() {
        TradeIn t = open();
        assertThatThrownBy(() -> t.complete(T2)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("the recycling and the new vehicle");
        assertThat(t.status()).isEqualTo(TradeInStatus.OPEN);
    }

    @Test
    void completingWithoutRecyclingIsAConflict() {
        TradeIn t = open();
        t.recordNewVehicle(UUID.randomUUID());
        assertThatThrownBy(() -> t.complete(T2)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("the recycling is");
        assertThat(t.completedAt()).isNull();
    }

    @Test
    void completingWithoutTheNewVehicleIsAConflict() {
        TradeIn t = open();
        t.recordRecycling("R-1", true, T1);
        assertThatThrownBy(() -> t.complete(T2)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("the new vehicle is");
        assertThat(t.status()).isEqualTo(TradeInStatus.OPEN);
    }

    @Test
    void completingTwiceIsAConflictAndKeepsTheFirstTime() {
        TradeIn t = completed();
        assertThatThrownBy(() -> t.complete(T2.plusSeconds(60))).isInstanceOf(IllegalTransitionException.class);
        assertThat(t.completedAt()).isEqualTo(T2);
    }

    @Test
    void cancellingAnOpenTradeInRecordsReasonAndTime() {
        TradeIn t = ready();
        t.cancel("wrong owner", T2);
        assertThat(t.status()).isEqualTo(TradeInStatus.CANCELLED);
        assertThat(t.cancellationReason()).isEqualTo("wrong owner");
        assertThat(t.cancelledAt()).isEqualTo(T2);
    }

    @Test
    void cancellingNeedsAReason() {
        TradeIn t = open();
        assertThatThrownBy(() -> t.cancel(" ", T1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(t.status()).isEqualTo(TradeInStatus.OPEN);
    }

    @Test
    void cancellingACompletedTradeInIsAConflict() {
        TradeIn t = completed();
        assertThatThrownBy(() -> t.cancel("too late", T2)).isInstanceOf(IllegalTransitionException.class);
        assertThat(t.status()).isEqualTo(TradeInStatus.COMPLETED);
    }

    @Test
    void cancellingTwiceIsAConflict() {
        TradeIn t = cancelled();
        assertThatThrownBy(() -> t.cancel("again", T2)).isInstanceOf(IllegalTransitionException.class);
        assertThat(t.cancellationReason()).isEqualTo("owner changed their mind");
    }

    @Test
    void aCancelledTradeInRefusesEveryStep() {
        TradeIn t = cancelled();
        assertThatThrownBy(() -> t.recordRecycling("R", true, T2)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> t.recordNewVehicle(UUID.randomUUID())).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> t.complete(T2)).isInstanceOf(IllegalTransitionException.class);
        assertThat(t.status()).isEqualTo(TradeInStatus.CANCELLED);
    }

    @Test
    void aCompletedTradeInRefusesEveryStep() {
        TradeIn t = completed();
        UUID newVehicle = t.newVehicleId();
        assertThatThrownBy(() -> t.recordRecycling("R", true, T2)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> t.recordNewVehicle(UUID.randomUUID())).isInstanceOf(IllegalTransitionException.class);
        assertThat(t.newVehicleId()).isEqualTo(newVehicle);
    }

    @Test
    void checksBeforeCallingRegistrationMatchTheTransitions() {
        TradeIn open = open();
        open.checkCanRecordRecycling();
        open.checkCanRecordNewVehicle();
        assertThatThrownBy(cancelled()::checkCanRecordRecycling).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(completed()::checkCanRecordNewVehicle).isInstanceOf(IllegalTransitionException.class);
        TradeIn recycled = open();
        recycled.recordRecycling("R", true, T1);
        assertThatThrownBy(recycled::checkCanRecordRecycling).isInstanceOf(IllegalTransitionException.class);
    }
}
