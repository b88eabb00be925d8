package cn.ebike.systemtests.harness;

import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Valid, unique Chinese identifiers for test data (each run starts from a random base). */
public final class Ids {

    private static final AtomicLong SEQ = new AtomicLong(ThreadLocalRandom.current().nextLong(10_000_000L, 90_000_000L));
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";
    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

    private Ids() {
    }

    public static long next() {
        return SEQ.incrementAndGet();
    }

    /** 18-character resident ID number with a real birth date and the MOD 11-2 check character. */
    public static String idNumber() {
        long n = next();
        LocalDate birth = LocalDate.of(1960, 1, 1).plusDays(n % 15_000);
        String body = "330105" + birth.toString().replace("-", "") + String.format("%03d", n % 1000);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return body + ID_CHECK.charAt(sum % 11);
    }

    /** 11-digit mobile number starting 1[3-9]. */
    public static String phone() {
        return "139" + String.format("%08d", next() % 100_000_000L);
    }

    /** GB 17761 15-digit frame code of a compliant bike: maker, type digit 2, year, serial. */
    public static String compliantFrame() {
        return "8888" + "2" + "26" + String.format("%08d", next() % 100_000_000L);
    }

    /** 17-character frame code (no I, O, Q) as many filed non-standard bikes carry. */
    public static String filedFrame() {
        return "LFN" + "A" + String.format("%013d", next());
    }

    /** 16-digit CCC certificate number. */
    public static String ccc() {
        return "2026" + String.format("%012d", next());
    }

    /** Unified social credit code: valid organisation code (GB 11714) and check character (GB 32100). */
    public static String uscc() {
        String org8 = String.format("%08d", next() % 100_000_000L);
        int s = 0;
        for (int i = 0; i < 8; i++) {
            s += (org8.charAt(i) - '0') * ORG_WEIGHTS[i];
        }
        int c = 11 - s % 11;
        String org = org8 + (c == 10 ? "X" : c == 11 ? "0" : Integer.toString(c));
        String body = "91" + "330105" + org;
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += USCC_CHARS.indexOf(body.charAt(i)) * USCC_WEIGHTS[i];
        }
        int check = (31 - sum % 31) % 31;
        return body + USCC_CHARS.charAt(check);
    }

    public static String name() {
        String[] family = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄"};
        String[] given = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"};
        long n = next();
        return family[(int) (n % family.length)] + given[(int) (n / 8 % given.length)] + given[(int) (n / 80 % given.length)];
    }

    public static String receipt() {
        return "RC" + next();
    }
}
