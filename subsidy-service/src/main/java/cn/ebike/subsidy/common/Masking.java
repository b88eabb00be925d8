package cn.ebike.subsidy.common;

/** Masks identifiers for responses and logs. */
public final class Masking {

    private Masking() {
    }

    /**
     * A wallet id keeps its first and last four characters ({@code 0021********5678}); short ids
     * keep only the last two. Never returns the full value.
     */
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
