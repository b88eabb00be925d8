package cn.ebike.registration.vehicle;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import cn.ebike.common.validation.CccCertificate;
import cn.ebike.common.validation.FrameNumber;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Instant;

/**
 * Category rules of a registration, reported on the field they concern: a COMPLIANT bike needs the
 * 15-digit GB 17761 frame number and a CCC certificate and has no filing date; a NON_STANDARD_FILED
 * bike needs its filing date, not in the future.
 */
@Documented
@Constraint(validatedBy = ValidVehicleRegistration.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface ValidVehicleRegistration {

    String message() default "does not fit the vehicle category";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidVehicleRegistration, RegisterVehicleRequest> {

        @Override
        public boolean isValid(RegisterVehicleRequest r, ConstraintValidatorContext context) {
            if (r == null || r.category() == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            String frame = FrameNumber.normalise(r.frameNumber());
            if (r.category() == VehicleCategory.COMPLIANT) {
                // an unreadable frame number is already reported by @ValidFrameNumber
                if (frame != null && FrameNumber.problemForFiled(frame) == null
                        && FrameNumber.problemForCompliant(frame) != null) {
                    valid = fail(context, "frameNumber", FrameNumber.COMPLIANT_RULE);
                }
                String ccc = CccCertificate.normalise(r.cccCertificate());
                if (ccc == null || ccc.isEmpty()) {
                    valid = fail(context, "cccCertificate", "is required for a COMPLIANT bike");
                }
                if (r.filedAt() != null) {
                    valid = fail(context, "filedAt", "is only for NON_STANDARD_FILED bikes");
                }
            } else if (r.filedAt() == null) {
                valid = fail(context, "filedAt", "is required for a NON_STANDARD_FILED bike");
            } else if (r.filedAt().isAfter(Instant.now())) {
                valid = fail(context, "filedAt", "must not be in the future");
            }
            return valid;
        }

        private static boolean fail(ConstraintValidatorContext context, String field, String message) {
            context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
            return false;
        }
    }
}
