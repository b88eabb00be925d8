package cn.ebike.systemtests.harness;

import java.util.ArrayList;
import java.util.List;

/** The short account of what the system tests did, printed when the suite stops. */
public final class Summary {

    private static final List<String> LINES = new ArrayList<>();

    private Summary() {
    }

    public static synchronized void line(String format, Object... args) {
        String line = String.format(format, args);
        LINES.add(line);
        System.out.println("[system-tests] " + line);
    }

    static synchronized void print() {
        System.out.println();
        System.out.println("==== system-tests summary ====");
        LINES.forEach(l -> System.out.println("  " + l));
        System.out.println("==============================");
    }
}
