package cn.ebike.tradein.dealer;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
 * {@code 0-9A-HJ-NP-RTUW-Y} (no I, O, Z, S, V), the last one a check character over the first 17 with
 * weights 3^i mod 31. Null is left to {@code @NotNull}/{@code @NotBlank}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Uscc.Validator.class)
public @interface Uscc {

    String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    String message() default "must be an 18-character unified social credit code with a valid check character";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check rule, usable without a validator (tests, other code). */
    final class Check {
        private Check() {
        }

        public static boolean isValid(String code) {
            if (code == null || code.length() != 18) {
                return false;
            }
            for (int i = 0; i < 18; i++) {
                if (CHARSET.indexOf(code.charAt(i)) < 0) {
                    return false;
                }
            }
            return checkCharacter(code.substring(0, 17)) == code.charAt(17);
        }

        /** The check character for the first 17 characters of a code. */
        public static char checkCharacter(String first17) {
            if (first17.length() != 17) {
                throw new IllegalArgumentException("need the first 17 characters");
            }
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                int value = CHARSET.indexOf(first17.charAt(i));
                if (value < 0) {
                    throw new IllegalArgumentException("character not allowed: " + first17.charAt(i));
                }
                sum += value * WEIGHTS[i];
            }
            int check = (31 - sum % 31) % 31;
            return CHARSET.charAt(check);
        }
    }

    class Validator implements ConstraintValidator<Uscc, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Check.isValid(value);
        }
    }
}
