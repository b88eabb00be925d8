package cn.ebike.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The annotations report the value object's reason, once per field, and leave null to @NotNull. */
class IdentifierConstraintsTest {

    record Sample(@ValidIdNumber String idNumber, @ValidMobilePhone String phone, @ValidFrameNumber String frame,
            @ValidCccCertificate String ccc) {
    }

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void start() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @Test
    void validValuesAndNullsPass() {
        assertThat(validator.validate(new Sample(TestIdentifiers.idNumber(), TestIdentifiers.phone(), TestIdentifiers.filedFrame(),
                TestIdentifiers.ccc()))).isEmpty();
        assertThat(validator.validate(new Sample(null, null, null, null))).isEmpty();
    }

    @Test
    void eachBadFieldIsReportedOnceWithTheRuleBroken() {
        Set<ConstraintViolation<Sample>> violations = validator.validate(new Sample(
                TestIdentifiers.withWrongCheckCharacter(TestIdentifiers.idNumber()), "12345", "LSVAB2BM0ND12345I", "12"));
        assertThat(violations).hasSize(4);
        assertThat(violations).anySatisfy(v -> {
            assertThat(v.getPropertyPath().toString()).isEqualTo("idNumber");
            assertThat(v.getMessage()).contains("check character");
        });
        assertThat(violations).anySatisfy(v -> {
            assertThat(v.getPropertyPath().toString()).isEqualTo("phone");
            assertThat(v.getMessage()).contains("11-digit");
        });
        assertThat(violations).anySatisfy(v -> assertThat(v.getPropertyPath().toString()).isEqualTo("frame"));
        assertThat(violations).anySatisfy(v -> assertThat(v.getPropertyPath().toString()).isEqualTo("ccc"));
    }
}
