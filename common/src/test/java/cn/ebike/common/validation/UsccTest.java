package cn.ebike.common.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UsccTest {

    /** Codes of real, publicly listed companies: the check rule must accept every one. */
    @ParameterizedTest
    @ValueSource(strings = {"91110108551385082Q", "91440300708461136T", "91330100799655058B", "91350100M000100Y43",
            "911100007109288314"})
    void acceptsPublishedCodes(String code) {
        assertThat(Uscc.isValid(code)).isTrue();
    }

    @Test
    void rejectsEveryWrongCheckCharacter() {
        String first17 = "91110108551385082";
        for (char c : Uscc.CHARSET.toCharArray()) {
            assertThat(Uscc.isValid(first17 + c)).as("check character %s", c).isEqualTo(c == 'Q');
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"I", "O", "Z", "S", "V", "a", "-", " "})
    void rejectsCharactersOutsideTheAlphabet(String bad) {
        String code = "9111010855138508" + bad;
        assertThat(Uscc.isValid(code + "Q")).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"91110108551385082", "91110108551385082QQ", "91110108551385082q"})
    void rejectsWrongLengthsAndLowerCase(String code) {
        assertThat(Uscc.isValid(code)).isFalse();
    }

    @Test
    void computesTheCheckCharacterWhenTheSumIsAMultipleOf31() {
        // a code whose weighted sum is divisible by 31 has check character '0', not the 32nd character
        String first17 = findFirst17WithCheck('0');
        assertThat(Uscc.checkCharacter(first17)).isEqualTo('0');
        assertThat(Uscc.isValid(first17 + "0")).isTrue();
    }

    @Test
    void checkCharacterNeedsSeventeenAllowedCharacters() {
        assertThatThrownBy(() -> Uscc.checkCharacter("123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Uscc.checkCharacter("9111010855138508I"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theValidatorLeavesNullToNotNull() {
        assertThat(new ValidUscc.Validator().isValid(null, null)).isTrue();
        assertThat(new ValidUscc.Validator().isValid("91110108551385082Q", null)).isTrue();
    }

    private static String findFirst17WithCheck(char wanted) {
        for (int i = 0; i < 31; i++) {
            String candidate = "9133010012345678" + Uscc.CHARSET.charAt(i);
            if (Uscc.checkCharacter(candidate) == wanted) {
                return candidate;
            }
        }
        throw new AssertionError("no candidate found");
    }
}
