package cn.ebike.tradein.tradein;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ActivationRateTest {

    @Test
    void activationRateIsEnabledOverDealersAndZeroWithoutDealers() {
        assertThat(TradeInStats.activationRate(0, 0)).isZero();
        assertThat(TradeInStats.activationRate(97, 100)).isEqualTo(0.97);
        assertThat(TradeInStats.activationRate(264, 272)).isCloseTo(0.9706, Offset.offset(1e-4));
    }
}
