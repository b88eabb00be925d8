package cn.ebike.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdNumberTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002X", "440524196507150014", "330105199001011233"})
    void acceptsPublishedExamplesWithTheirCheckCharacter(String id) {
        assertThat(IdNumber.problem(id, TODAY)).isNull();
    }

    @Test
    void computesTheIso7064Mod112CheckCharacter() {
        assertThat(IdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(IdNumber.checkCharacter("44052418800101001")).isEqualTo('4');
    }

    @Test
    void rejectsEveryWrongCheckCharacter() {
        String good = "11010519491231002X";
        for (char c : "0123456789".toCharArray()) {
            assertThat(IdNumber.problem(good.substring(0, 17) + c, TODAY)).contains("check character");
        }
    }

    @Test
    void acceptsALowerCaseXOnceNormalised() {
        assertThat(IdNumber.normalise(" 11010519491231002x ")).isEqualTo("11010519491231002X");
        assertThat(IdNumber.problem(IdNumber.normalise("11010519491231002x"), TODAY)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1101051949123100", "11010519491231002XX", "1101051949123100AX", "X10105194912310021",
            "11010519491231002Y", "１１０１０５１９４９１２３１００２Ｘ"})
    void rejectsWrongLengthAndCharacters(String id) {
        assertThat(IdNumber.problem(id, TODAY)).contains("18 characters");
    }

    @Test
    void rejectsNull() {
        assertThat(IdNumber.problem(null, TODAY)).isNotNull();
    }

    @Test
    void rejectsABirthDateThatDoesNotExist() {
        String feb30 = TestIdentifiers.idNumber("330105", LocalDate.of(1990, 2, 28), 123).substring(0, 6) + "19900230123";
        String id = feb30 + IdNumber.checkCharacter(feb30);
        assertThat(IdNumber.problem(id, TODAY)).contains("not a real date");
        String month13 = "330105" + "19901301" + "123";
        assertThat(IdNumber.problem(month13 + IdNumber.checkCharacter(month13), TODAY)).contains("not a real date");
    }

    @Test
    void acceptsTheTwentyNinthOfFebruaryInALeapYearOnly() {
        String leap = "330105" + "20000229" + "123";
        assertThat(IdNumber.problem(leap + IdNumber.checkCharacter(leap), TODAY)).isNull();
        String notLeap = "330105" + "19000229" + "123";
        assertThat(IdNumber.problem(notLeap + IdNumber.checkCharacter(notLeap), TODAY)).contains("not a real date");
    }

    @Test
    void rejectsABirthDateInTheFutureButAcceptsToday() {
        assertThat(IdNumber.problem(TestIdentifiers.idNumber("330105", TODAY.plusDays(1), 1), TODAY)).contains("future");
        assertThat(IdNumber.problem(TestIdentifiers.idNumber("330105", TODAY, 1), TODAY)).isNull();
    }

    @Test
    void rejectsABirthDateBefore1900() {
        assertThat(IdNumber.problem(TestIdentifiers.idNumber("330105", LocalDate.of(1899, 12, 31), 1), TODAY))
                .contains("before 1900");
    }

    @Test
    void generatedTestNumbersAreValidAndAWrongCheckIsNot() {
        for (int i = 0; i < 200; i++) {
            String id = TestIdentifiers.idNumber();
            assertThat(IdNumber.problem(id, TODAY)).isNull();
            assertThat(IdNumber.problem(TestIdentifiers.withWrongCheckCharacter(id), TODAY)).isNotNull();
        }
    }
}
