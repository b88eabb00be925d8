package cn.ebike.registration.common;

/**
 * How personal data is shown in every response: name {@code 张*} (first character, then one {@code *}
 * per remaining character), ID number {@code 330105********1234}, phone {@code 138****5678}.
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
}
