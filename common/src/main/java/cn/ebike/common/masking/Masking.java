package cn.ebike.common.masking;

/**
 * How personal data is shown in every response and log line: name {@code 张*} (first character, then one
 * {@code *} per remaining character), ID number {@code 330105********1234}, phone {@code 138****5678},
 * wallet id {@code 0021********5678}. {@code null} stays {@code null} (nothing to show); a value too short
 * to keep any part of is all stars. Never returns the full value of a long enough input.
 */
public final class Masking {

    private Masking() {
    }

    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.codePointAt(0);
        int rest = name.codePointCount(0, name.length()) - 1;
        return new StringBuilder().appendCodePoint(first).append("*".repeat(rest)).toString();
    }

    public static String idNumber(String idNumber) {
        if (idNumber == null) {
            return null;
        }
        if (idNumber.length() < 10) {
            return "*".repeat(idNumber.length());
        }
        return idNumber.substring(0, 6) + "*".repeat(idNumber.length() - 10) + idNumber.substring(idNumber.length() - 4);
    }

    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        if (phone.length() < 7) {
            return "*".repeat(phone.length());
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }

    /** The first and last four characters of a wallet id; short ids keep only their last two. */
    public static String walletId(String walletId) {
        if (walletId == null) {
            return null;
        }
        int n = walletId.length();
        if (n <= 8) {
            return "*".repeat(Math.max(0, n - 2)) + walletId.substring(Math.max(0, n - 2));
        }
        return walletId.substring(0, 4) + "*".repeat(n - 8) + walletId.substring(n - 4);
    }
}
