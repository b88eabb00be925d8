package cn.ebike.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MobilePhoneTest {

    @ParameterizedTest
    @ValueSource(strings = {"13812345678", "13000000000", "19999999999", "15912345678", "17000000001"})
    void acceptsElevenDigitsStartingWith13To19(String phone) {
        assertThat(MobilePhone.problem(phone)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1381234567", "138123456789", "12812345678", "10812345678", "23812345678",
            "1381234567a", "+8613812345678", "138 1234 567", "１３８１２３４５６７８"})
    void rejectsAnythingElse(String phone) {
        assertThat(MobilePhone.problem(phone)).contains("11-digit");
    }

    @ParameterizedTest
    @ValueSource(strings = {" 13812345678", "13812345678 "})
    void trimsSurroundingSpaces(String phone) {
        assertThat(MobilePhone.problem(MobilePhone.normalise(phone))).isNull();
    }
}
