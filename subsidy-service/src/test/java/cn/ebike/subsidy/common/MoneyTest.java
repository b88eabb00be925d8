package cn.ebike.subsidy.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void phaseOneQuotaTimesItsAmountIsComputedInFen() {
        long budget = Money.times(30000, 2560);
        assertThat(budget).isEqualTo(76_800_000L);
        assertThat(Money.yuan(budget)).isEqualTo("768000.00");
    }

    @Test
    void sumsAndProductsNeverWrapAround() {
        assertThatThrownBy(() -> Money.times(Long.MAX_VALUE / 2, 3)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.plus(Long.MAX_VALUE, 1)).isInstanceOf(ArithmeticException.class);
        assertThat(Money.plus(30000, 20000)).isEqualTo(50000);
    }

    @Test
    void fenAreShownAsYuanWithTwoDecimals() {
        assertThat(Money.yuan(0)).isEqualTo("0.00");
        assertThat(Money.yuan(5)).isEqualTo("0.05");
        assertThat(Money.yuan(12345)).isEqualTo("123.45");
        assertThat(Money.yuan(-250)).isEqualTo("-2.50");
    }

    @Test
    void theLargestAllowedBudgetFitsInALong() {
        // @Max on a phase: 1,000,000,000 fen per grant and 10,000,000 grants; 24 phases at most
        long phase = Money.times(1_000_000_000L, 10_000_000L);
        long total = 0;
        for (int i = 0; i < 24; i++) {
            total = Money.plus(total, phase);
        }
        assertThat(total).isEqualTo(240_000_000_000_000_000L);
    }
}
