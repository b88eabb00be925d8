package cn.ebike.registration.plate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PlateNumbersTest {

    @Test
    void serviceNumbersArePrefixAndZeroPaddedSequence() {
        assertThat(PlateNumbers.format("浙A", 6, 123)).isEqualTo("浙A000123");
        assertThat(PlateNumbers.format("杭州", 4, 98765)).isEqualTo("杭州98765");
        assertThat(PlateNumbers.problem(PlateNumbers.format("浙A", 6, 1))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"浙A12345", "浙B000001", "杭州E12345", "沪AB1234"})
    void acceptsCityPlateForms(String plate) {
        assertThat(PlateNumbers.problem(plate)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A123456", "浙a12345", "浙A123", "浙A|12345", "浙A 12345", "浙江省杭州A12345", "浙A12345678901"})
    void refusesOtherForms(String plate) {
        assertThat(PlateNumbers.problem(plate)).isNotNull();
    }

    @Test
    void theStartCheckRefusesAPrefixAndDigitsThatGiveNoValidNumbers() {
        assertThatCode(() -> PlateNumbers.checkPlateFormat("浙A", 6)).doesNotThrowAnyException();
        assertThatThrownBy(() -> PlateNumbers.checkPlateFormat("浙A", 3))
                .hasMessageContaining("PLATE_NUMBER_DIGITS must be between 4 and 10");
        assertThatThrownBy(() -> PlateNumbers.checkPlateFormat("ZJ", 6))
                .hasMessageContaining("PLATE_NUMBER_PREFIX 'ZJ' with 6 digits does not give valid plate numbers");
    }
}
