package cn.ebike.tradein.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.tradein.tradein.TradeInStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommonUnitTest {

    @Test
    void phonesAreMaskedKeepingThreeAndFourDigits() {
        assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
        assertThat(Masking.phone(null)).isNull();
        assertThat(Masking.phone("123")).isEqualTo("***");
    }

    @ParameterizedTest
    @ValueSource(strings = {"13812345678", "19900000000", "15012345678"})
    void acceptsMobileNumbers(String phone) {
        assertThat(MobilePhone.Validator.isValid(phone)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12812345678", "1381234567", "138123456789", "+8613812345678", "1381234567a"})
    void rejectsWhatIsNotAMobileNumber(String phone) {
        assertThat(MobilePhone.Validator.isValid(phone)).isFalse();
    }

    @Test
    void pagesDefaultToTheFirstFifty() {
        assertThat(PageRequest.of(null, null)).isEqualTo(new PageRequest(0, 50));
        assertThat(PageRequest.of("2", "200").offset()).isEqualTo(400);
    }

    @Test
    void badPagingNamesTheParameter() {
        assertBadParameter(() -> PageRequest.of("-1", null), "page");
        assertBadParameter(() -> PageRequest.of("x", null), "page");
        assertBadParameter(() -> PageRequest.of(null, "0"), "size");
        assertBadParameter(() -> PageRequest.of(null, "201"), "size");
    }

    private static void assertBadParameter(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.errors()).extracting(Problem.FieldError::field).containsExactly(field);
        });
    }

    @Test
    void activationRateIsEnabledOverDealersAndZeroWithoutDealers() {
        assertThat(TradeInStats.activationRate(0, 0)).isZero();
        assertThat(TradeInStats.activationRate(97, 100)).isEqualTo(0.97);
        assertThat(TradeInStats.activationRate(264, 272)).isCloseTo(0.9706, org.assertj.core.data.Offset.offset(1e-4));
    }
}
