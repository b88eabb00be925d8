package cn.ebike.subsidy.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MaskingAndPagingTest {

    @Test
    void walletIdsKeepOnlyTheirFirstAndLastFourCharacters() {
        assertThat(Masking.walletId("0021334455667788")).isEqualTo("0021********7788");
        assertThat(Masking.walletId("ABCDEFGHIJ")).isEqualTo("ABCD**GHIJ");
        assertThat(Masking.walletId("12345678")).isEqualTo("******78");
        assertThat(Masking.walletId(null)).isNull();
    }

    @Test
    void pagingDefaultsAndLimits() {
        assertThat(PageRequest.of(null, null)).isEqualTo(new PageRequest(0, 50));
        assertThat(PageRequest.of("2", "200")).isEqualTo(new PageRequest(2, 200));
        assertThatThrownBy(() -> PageRequest.of("-1", "10")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).toProblem().errors()).extracting(Problem.FieldError::field)
                        .containsExactly("page"));
        assertThatThrownBy(() -> PageRequest.of("0", "201")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).toProblem().errors()).extracting(Problem.FieldError::field)
                        .containsExactly("size"));
        assertThatThrownBy(() -> PageRequest.of("a", "b")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).toProblem().errors()).extracting(Problem.FieldError::field)
                        .containsExactly("page", "size"));
    }
}
