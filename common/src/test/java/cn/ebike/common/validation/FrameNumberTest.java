package cn.ebike.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"123422412345678", "000020000000000", "987622599999999"})
    void compliantBikesCarryTheFifteenDigitGbCodeWithTypeDigitTwo(String frame) {
        assertThat(FrameNumber.problemForCompliant(frame)).isNull();
        assertThat(FrameNumber.problemForFiled(frame)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"123412412345678", "123432412345678", "12342241234567", "1234224123456789",
            "12342241234567A", "LSVAB2BM0ND123456", ""})
    void compliantBikesRefuseOtherCodes(String frame) {
        assertThat(FrameNumber.problemForCompliant(frame)).isEqualTo(FrameNumber.COMPLIANT_RULE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"LSVAB2BM0ND123456", "12345678901234567", "ABCDEFGHJKLMNPRST", "Z0000000000000000"})
    void filedBikesMayAlsoCarryASeventeenCharacterCode(String frame) {
        assertThat(FrameNumber.problemForFiled(frame)).isNull();
        assertThat(FrameNumber.problemForCompliant(frame)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LSVAB2BM0ND12345I", "LSVAB2BM0ND12345O", "LSVAB2BM0ND12345Q", "LSVAB2BM0ND12345",
            "LSVAB2BM0ND1234567", "LSVAB2BM0ND12345-", "123412412345678", "LSVAB2BM0ND12345中"})
    void filedBikesRefuseIOQWrongLengthsAndAFifteenDigitCodeOfAnotherType(String frame) {
        assertThat(FrameNumber.problemForFiled(frame)).isEqualTo(FrameNumber.FILED_RULE);
    }

    @Test
    void normalisingUpperCasesAndTrims() {
        assertThat(FrameNumber.normalise(" lsvab2bm0nd123456 ")).isEqualTo("LSVAB2BM0ND123456");
        assertThat(FrameNumber.problemForFiled(FrameNumber.normalise("lsvab2bm0nd123456"))).isNull();
    }

    @Test
    void nullIsNeverValid() {
        assertThat(FrameNumber.problemForCompliant(null)).isNotNull();
        assertThat(FrameNumber.problemForFiled(null)).isNotNull();
    }
}
