package cn.ebike.subsidy.common;

/** Money is integer fen; every sum and product is overflow-checked (an overflow is a bug, never a wrap). */
public final class Money {

    private Money() {
    }

    public static long times(long amountFen, long count) {
        return Math.multiplyExact(amountFen, count);
    }

    public static long plus(long a, long b) {
        return Math.addExact(a, b);
    }

    /** 78000000 fen → "780000.00" yuan (for CSV exports read by finance). */
    public static String yuan(long fen) {
        return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
