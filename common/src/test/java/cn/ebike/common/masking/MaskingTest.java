package cn.ebike.common.masking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void namesKeepTheFirstCharacterAndOneStarPerRemainingCharacter() {
        assertThat(Masking.name("张三")).isEqualTo("张*");
        assertThat(Masking.name("欧阳小明")).isEqualTo("欧***");
        assertThat(Masking.name("李")).isEqualTo("李");
        assertThat(Masking.name("Anna Li")).isEqualTo("A******");
    }

    @Test
    void namesOutsideTheBasicPlaneCountAsOneCharacterEach() {
        assertThat(Masking.name("𠀋小明")).isEqualTo("𠀋**");
    }

    @Test
    void idNumbersShowTheRegionAndTheLastFour() {
        assertThat(Masking.idNumber("330105199001011233")).isEqualTo("330105********1233");
        assertThat(Masking.idNumber("11010519491231002X")).isEqualTo("110105********002X");
    }

    @Test
    void phonesShowThePrefixAndTheLastFour() {
        assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
    }

    @Test
    void shortOrMissingValuesNeverLeak() {
        assertThat(Masking.idNumber("12345")).isEqualTo("*****");
        assertThat(Masking.phone("12345")).isEqualTo("*****");
        assertThat(Masking.name("")).isEmpty();
        assertThat(Masking.name(null)).isNull();
        assertThat(Masking.idNumber(null)).isNull();
        assertThat(Masking.phone(null)).isNull();
    }

    @Test
    void walletIdsKeepTheirFirstAndLastFour() {
        assertThat(Masking.walletId("0021000012345678")).isEqualTo("0021********5678");
        assertThat(Masking.walletId("12345678")).isEqualTo("******78");
        assertThat(Masking.walletId(null)).isNull();
    }
}
