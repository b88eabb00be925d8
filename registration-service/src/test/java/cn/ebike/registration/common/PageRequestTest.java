package cn.ebike.registration.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void defaultsToTheFirstPageOfFifty() {
        assertThat(PageRequest.of(null, null)).isEqualTo(new PageRequest(0, 50));
        assertThat(PageRequest.of("2", "200").offset()).isEqualTo(400);
    }

    @Test
    void refusesANegativePageAndSizesOutside1To200NamingTheParameter() {
        assertThatThrownBy(() -> PageRequest.of("-1", "10")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.toProblem().errors()).extracting(FieldError::field).containsExactly("page"));
        assertThatThrownBy(() -> PageRequest.of("0", "0")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.toProblem().errors()).extracting(FieldError::field).containsExactly("size"));
        assertThatThrownBy(() -> PageRequest.of("x", "201")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.toProblem().errors()).extracting(FieldError::field).containsExactly("page", "size"));
    }
}
