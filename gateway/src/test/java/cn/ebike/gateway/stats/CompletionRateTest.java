package cn.ebike.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CompletionRateTest {

    private static BigDecimal rate(String json) throws Exception {
        return OverviewService.completionRate(new ObjectMapper().readTree(json));
    }

    @Test
    void isScrappedOverFiledToFourDecimals() throws Exception {
        assertThat(rate("{\"filedNonStandard\":180000,\"filedNonStandardScrapped\":3500}")).isEqualByComparingTo("0.0194");
        assertThat(rate("{\"filedNonStandard\":3,\"filedNonStandardScrapped\":2}")).isEqualByComparingTo("0.6667");
        assertThat(rate("{\"filedNonStandard\":5,\"filedNonStandardScrapped\":5}")).isEqualByComparingTo("1");
    }

    @Test
    void isZeroWhenNothingIsFiled() throws Exception {
        assertThat(rate("{\"filedNonStandard\":0,\"filedNonStandardScrapped\":0}")).isEqualByComparingTo("0");
        assertThat(rate("{}")).isEqualByComparingTo("0");
    }
}
