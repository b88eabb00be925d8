package cn.ebike.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CccCertificateTest {

    @ParameterizedTest
    @ValueSource(strings = {"2023011119000001", "0000000000000000"})
    void acceptsSixteenDigits(String ccc) {
        assertThat(CccCertificate.problem(ccc)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "202301111900000", "20230111190000011", "202301111900000A", "2023-01111900000"})
    void rejectsAnythingElse(String ccc) {
        assertThat(CccCertificate.problem(ccc)).contains("16-digit");
    }
}
