package cn.ebike.common.validation;

/** China Compulsory Certification (3C) certificate number: 16 digits. */
public final class CccCertificate {

    private CccCertificate() {
    }

    public static String normalise(String raw) {
        return raw == null ? null : raw.trim();
    }

    /** @return why {@code value} (normalised) is not a CCC certificate number, or {@code null} when it is */
    public static String problem(String value) {
        if (value == null || value.length() != 16 || !IdNumber.digits(value, 0, 16)) {
            return "must be a 16-digit CCC certificate number";
        }
        return null;
    }
}
