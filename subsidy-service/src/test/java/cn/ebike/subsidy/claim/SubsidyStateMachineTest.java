package cn.ebike.subsidy.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.subsidy.common.IllegalTransitionException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubsidyStateMachineTest {

    final Subsidy.Facts facts = new Subsidy.Facts(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Instant.now());

    Subsidy granted() {
        Subsidy s = Subsidy.undecided(facts.tradeInId());
        s.grant(facts, 30000, 1, 10, Instant.now());
        return s;
    }

    @Test
    void aGrantIsPaidThroughPaying() {
        Subsidy s = granted();
        s.startPayout(Instant.now());
        assertThat(s.status()).isEqualTo(SubsidyStatus.PAYING);
        s.markPaid(Instant.now());
        assertThat(s.status()).isEqualTo(SubsidyStatus.PAID);
        assertThat(s.paidAt()).isNotNull();
    }

    @Test
    void aGrantCannotBePaidWithoutPaying() {
        Subsidy s = granted();
        assertThatThrownBy(() -> s.markPaid(Instant.now())).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> s.markFailed("x", Instant.now())).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> s.retryPayout(Instant.now())).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void onlyAFailedPayoutIsRetriedAndItStartsANewRound() {
        Subsidy s = granted();
        s.startPayout(Instant.now());
        for (int i = 0; i < 5; i++) {
            s.countAttempt(Instant.now());
        }
        assertThat(s.roundAttempts()).isEqualTo(5);
        s.markFailed("declined", Instant.now());
        assertThat(s.status()).isEqualTo(SubsidyStatus.FAILED);
        s.retryPayout(Instant.now());
        assertThat(s.status()).isEqualTo(SubsidyStatus.GRANTED);
        assertThat(s.roundAttempts()).isZero();
        assertThat(s.nextAttemptAt()).isNotNull();
    }

    @Test
    void aPaidSubsidyIsFinal() {
        Subsidy s = granted();
        s.startPayout(Instant.now());
        s.markPaid(Instant.now());
        assertThatThrownBy(() -> s.startPayout(Instant.now())).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> s.markFailed("x", Instant.now())).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> s.retryPayout(Instant.now())).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> s.grant(facts, 1, 2, 10, Instant.now())).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void onlyATradeInNotCompletedRejectionIsDecidedAgain() {
        Subsidy waiting = Subsidy.undecided(facts.tradeInId());
        waiting.reject(facts, RejectionReason.TRADE_IN_NOT_COMPLETED, Instant.now());
        assertThat(waiting.isReevaluable()).isTrue();
        waiting.grant(facts, 30000, 3, 10, Instant.now());
        assertThat(waiting.status()).isEqualTo(SubsidyStatus.GRANTED);
        assertThat(waiting.reason()).isNull();
        assertThat(waiting.rank()).isEqualTo(3);

        Subsidy full = Subsidy.undecided(facts.tradeInId());
        full.reject(facts, RejectionReason.QUOTA_EXHAUSTED, Instant.now());
        assertThat(full.isReevaluable()).isFalse();
        assertThatThrownBy(() -> full.grant(facts, 30000, 1, 10, Instant.now())).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> full.reject(facts, RejectionReason.NO_ACTIVE_PHASE, Instant.now()))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aRejectionIsNeverPaid() {
        Subsidy s = Subsidy.undecided(facts.tradeInId());
        s.reject(facts, RejectionReason.DEALER_NOT_AUTHORIZED, Instant.now());
        assertThat(s.amountFen()).isNull();
        assertThat(s.rank()).isNull();
        assertThatThrownBy(() -> s.startPayout(Instant.now())).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void onlyNonRejectedStatusesHoldASlot() {
        assertThat(SubsidyStatus.REJECTED.holdsSlot()).isFalse();
        for (SubsidyStatus s : new SubsidyStatus[] {SubsidyStatus.GRANTED, SubsidyStatus.PAYING, SubsidyStatus.PAID,
                SubsidyStatus.FAILED}) {
            assertThat(s.holdsSlot()).isTrue();
        }
    }
}
