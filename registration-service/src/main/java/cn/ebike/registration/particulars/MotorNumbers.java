package cn.ebike.registration.particulars;

/** The motor number's form, checked the same way on a registration request and on an import line. */
public final class MotorNumbers {

    public static final String PATTERN = "^\\s*[A-Za-z0-9][A-Za-z0-9-]*\\s*$";
    public static final String MESSAGE = "must be letters, digits and hyphens (at most 32)";
    public static final int MAX_LENGTH = 32;

    private MotorNumbers() {
    }
}
