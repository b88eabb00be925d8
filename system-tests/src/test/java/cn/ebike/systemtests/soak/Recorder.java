package cn.ebike.systemtests.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every request the workload makes: endpoint (method + path template), the window it started in (before / during /
 * after a fault), status (-1 no connection, -2 the client's timeout expired) and latency.
 */
final class Recorder {

    /** Statuses that are not HTTP answers. */
    static final int NO_CONNECTION = -1;
    static final int CLIENT_TIMEOUT = -2;

    record Sample(String endpoint, String window, int status, long micros, boolean outage, long startedAtMillis) {
    }

    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private volatile String window = "warm-up";
    private volatile boolean outage;
    private final Map<String, String> firstBad = new ConcurrentHashMap<>();

    void window(String name, boolean outage) {
        this.window = name;
        this.outage = outage;
    }

    String window() {
        return window;
    }

    /** The window a request belongs to is the one it started in. */
    String[] current() {
        return new String[] {window, Boolean.toString(outage)};
    }

    void record(String endpoint, String[] startedIn, long startedAtMillis, int status, long micros, String body) {
        String w = startedIn[0];
        samples.add(new Sample(endpoint, w, status, micros, Boolean.parseBoolean(startedIn[1]), startedAtMillis));
        if (status >= 500 && status != 503 || status == CLIENT_TIMEOUT) {
            firstBad.putIfAbsent(endpoint + " " + status + " in " + w, java.time.Instant.ofEpochMilli(startedAtMillis)
                    + " (" + micros / 1000 + " ms): " + (body == null ? "" : body.length() > 300 ? body.substring(0, 300) : body));
        }
    }

    List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    Map<String, String> firstBad() {
        return new TreeMap<>(firstBad);
    }

    /** p50/p99 (ms), count, error share for a set of samples. */
    record Stats(int count, double p50, double p99, double errorRate, long fiveXxNot503, long unavailable, long timeouts) {
        static Stats of(List<Sample> s) {
            if (s.isEmpty()) {
                return new Stats(0, 0, 0, 0, 0, 0, 0);
            }
            long[] l = s.stream().mapToLong(Sample::micros).sorted().toArray();
            long errors = s.stream().filter(x -> x.status() < 200 || x.status() >= 500).count();
            long bad5 = s.stream().filter(x -> x.status() >= 500 && x.status() != 503).count();
            long unavailable = s.stream().filter(x -> x.status() == 503 || x.status() == NO_CONNECTION).count();
            long timeouts = s.stream().filter(x -> x.status() == CLIENT_TIMEOUT).count();
            return new Stats(s.size(), l[(int) Math.floor(0.5 * (l.length - 1))] / 1000.0,
                    l[(int) Math.floor(0.99 * (l.length - 1))] / 1000.0, (double) errors / s.size(), bad5, unavailable, timeouts);
        }
    }
}
