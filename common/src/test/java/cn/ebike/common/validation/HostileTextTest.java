package cn.ebike.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostileTextTest {

    record Form(@SafeText String name, @SafeText(multiline = true) String note) {
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

    @ParameterizedTest
    @ValueSource(strings = {"张三", "欧阳小明", "杭州市西湖区文三路 90 号", "Yadi DE2 (2026)", "HZ-2026-0001", "A&B 车行", "𠀋小明", ""})
    void ordinaryTextPasses(String text) {
        assertThat(HostileText.problem(text, false)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u0007", "line\nbreak", "tab\there", "del\u007f", "c1\u0085"})
    void controlCharactersAreRefused(String text) {
        assertThat(HostileText.problem(text, false)).isEqualTo(HostileText.CONTROL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc\u202Efdp.exe", "\u2066x\u2069", "\u200Fname", "\u061C"})
    void bidirectionalControlsAreRefused(String text) {
        assertThat(HostileText.problem(text, false)).isEqualTo(HostileText.BIDI);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<img src=x onerror=alert(1)>", "<script>", "a > b", "1<2"})
    void markupBracketsAreRefused(String text) {
        assertThat(HostileText.problem(text, false)).isEqualTo(HostileText.MARKUP);
    }

    @Test
    void loneSurrogatesAreRefused() {
        assertThat(HostileText.problem("a\uD800b", false)).isEqualTo(HostileText.SURROGATE);
        assertThat(HostileText.problem("\uDC00", false)).isEqualTo(HostileText.SURROGATE);
    }

    @Test
    void multilineTextKeepsLineBreaksAndTabsButNotOtherControls() {
        assertThat(HostileText.problem("第一行\r\n第二行\t完", true)).isNull();
        assertThat(HostileText.problem("a\u0000", true)).isEqualTo(HostileText.CONTROL);
    }

    @Test
    void theConstraintNamesTheReasonPerField() {
        var violations = validator.validate(new Form("a\u0000", "<b>"));
        assertThat(violations).extracting(v -> v.getPropertyPath().toString() + ": " + v.getMessage())
                .containsExactlyInAnyOrder("name: " + HostileText.CONTROL, "note: " + HostileText.MARKUP);
        assertThat(validator.validate(new Form(null, null))).isEmpty();
    }
}
