package cn.ebike.common.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.problem.FieldError;
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
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("page"));
        assertThatThrownBy(() -> PageRequest.of("0", "0")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("size"));
        assertThatThrownBy(() -> PageRequest.of("x", "201")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("page", "size"));
    }

    @Test
    void fractionalAndTextualNumbersAreRefused() {
        assertThatThrownBy(() -> PageRequest.of("1.5", "10.0")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("page", "size"));
    }

    @Test
    void aPageBeyondAnIntOffsetIsAnEmptyPageNotAnOverflow() {
        PageRequest far = PageRequest.of("10737419", "200");
        assertThat(far.offset()).isEqualTo(2_147_483_800L);
        assertThat(far.beyondAnyResult()).isTrue();
        assertThat(PageRequest.of("3", "50").beyondAnyResult()).isFalse();
        assertThat(PageRequest.of("3", "50").intOffset()).isEqualTo(150);
    }

    @Test
    void aPageWhoseOffsetOverflowsSixtyFourBitsIsInvalidInput() {
        assertThatThrownBy(() -> PageRequest.of(Long.toString(Long.MAX_VALUE / 100), "200"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("page"));
        assertThatThrownBy(() -> PageRequest.of("92233720368547758070", "1"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("page"));
        assertThat(PageRequest.of(Long.toString(Long.MAX_VALUE / 200), "200").beyondAnyResult()).isTrue();
    }
}
