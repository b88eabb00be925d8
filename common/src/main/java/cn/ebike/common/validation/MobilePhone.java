package cn.ebike.common.validation;

/** Mainland mobile number: 11 digits starting {@code 13}-{@code 19}. */
public final class MobilePhone {

    private MobilePhone() {
    }

    public static String normalise(String raw) {
        return raw == null ? null : raw.trim();
    }

    /** @return why {@code value} (normalised) is not a mobile number, or {@code null} when it is */
    public static String problem(String value) {
        if (value == null || value.length() != 11 || value.charAt(0) != '1' || value.charAt(1) < '3'
                || value.charAt(1) > '9' || !IdNumber.digits(value, 0, 11)) {
            return "must be an 11-digit mobile number starting with 13-19";
        }
        return null;
    }
}
