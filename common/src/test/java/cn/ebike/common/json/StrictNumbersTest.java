package cn.ebike.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.junit.jupiter.api.Test;

class StrictNumbersTest {

    record Phase(long amountFen, Integer quota, boolean open, String name) {
    }

    private final ObjectMapper mapper = new ObjectMapper();

    StrictNumbersTest() {
        new StrictNumbers().customize(mapper);
    }

    @Test
    void wholeNumbersBooleansAndStringsAsWritten() throws Exception {
        Phase p = mapper.readValue("{\"amountFen\":30000,\"quota\":5,\"open\":true,\"name\":\"第一阶段\"}", Phase.class);
        assertThat(p).isEqualTo(new Phase(30000, 5, true, "第一阶段"));
    }

    @Test
    void aFractionIsNotSilentlyTruncated() {
        assertThatThrownBy(() -> mapper.readValue("{\"amountFen\":100.5}", Phase.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"quota\":1.0}", Phase.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void numbersAndBooleansInStringsAreRefused() {
        assertThatThrownBy(() -> mapper.readValue("{\"quota\":\"5\"}", Phase.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"open\":\"true\"}", Phase.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"name\":12}", Phase.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void nullForAPrimitiveIsRefused() {
        assertThatThrownBy(() -> mapper.readValue("{\"open\":null}", Phase.class))
                .isInstanceOf(MismatchedInputException.class);
    }
}
