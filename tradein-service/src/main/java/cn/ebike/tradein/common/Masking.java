package cn.ebike.tradein.common;

/** Masks personal data for responses and logs: phone {@code 138****5678}. */
public final class Masking {

    private Masking() {
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
