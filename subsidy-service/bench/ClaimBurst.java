/*
 * The claim burst (java ClaimBurst.java <service url> <jwt private key PEM> <district> <claims> <quota> <concurrency>
 * [warm-up district] [warm-up claims] [batch] [block]): creates a campaign for <district> with one phase of <quota>,
 * optionally warms the service up on another district, then sends <claims> distinct eligible claims from
 * <concurrency> threads as tradein-service would (SERVICE token), and reports decisions/s, latency percentiles
 * and outcomes. batch 1 (default) posts one claim per request (POST /api/subsidies/claims); batch n > 1 posts n
 * claims per request (POST /api/subsidies/claims/batch), as tradein-service's outbox relay does — each claim's
 * latency is then its request's. The trade-ins of a burst are those of UpstreamStub's block <block> (default 0,
 * the stub's first district); the warm-up uses block 1 (its second).
 * The system property cpu.pids ("service=123,stub=456") adds the CPU time each of those processes, this load
 * generator, and all postgres / redis-server processes of the machine used during the measured burst.
 */
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

public class ClaimBurst {

    static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static String base;
    static int batch = 1;

    public static void main(String[] a) throws Exception {
        base = a[0];
        PrivateKey key = privateKey(Path.of(a[1]));
        String district = a[2];
        int claims = Integer.parseInt(a[3]);
        int quota = Integer.parseInt(a[4]);
        int concurrency = Integer.parseInt(a[5]);
        String warmDistrict = a.length > 6 ? a[6] : null;
        int warmClaims = a.length > 7 ? Integer.parseInt(a[7]) : 0;
        batch = a.length > 8 ? Math.max(1, Integer.parseInt(a[8])) : 1;
        long block = a.length > 9 ? Long.parseLong(a[9]) : 0;
        String regulator = jwt(key, "bench-regulator", "REGULATOR");
        String service = jwt(key, "tradein-service", "SERVICE");

        String campaign = createCampaign(regulator, district, quota);
        if (warmDistrict != null && !warmDistrict.isEmpty() && warmClaims > 0) {
            createCampaign(regulator, warmDistrict, warmClaims / 2);
            Result w = burst(service, 0x100000000L, warmClaims, concurrency);
            System.out.printf("warm-up: %d claims in %.2f s (%.0f/s)%n", warmClaims, w.seconds, warmClaims / w.seconds);
        }
        Map<String, Long> cpuBefore = cpu();
        Result r = burst(service, block << 32, claims, concurrency);
        Map<String, Long> cpuAfter = cpu();
        long[] lat = r.latenciesNanos;
        Arrays.sort(lat);
        System.out.println("campaign " + campaign);
        System.out.printf("claims %d, concurrency %d, claims per request %d, wall %.3f s%n", claims, concurrency, batch,
                r.seconds);
        System.out.printf("decisions/s %.0f%n", claims / r.seconds);
        System.out.printf("latency ms p50 %.1f p90 %.1f p99 %.1f max %.1f%n", pct(lat, 50), pct(lat, 90), pct(lat, 99),
                lat[lat.length - 1] / 1e6);
        System.out.println("http statuses " + new TreeMap<>(r.statuses));
        System.out.println("outcomes " + new TreeMap<>(r.outcomes));
        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(base + "/api/campaigns/" + campaign + "/stats"))
                .header("Authorization", "Bearer " + regulator).GET().build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("stats " + stats.body());
        StringBuilder cpu = new StringBuilder("cpu ms per decision");
        double total = 0;
        for (String k : cpuAfter.keySet()) {
            double perDecision = (cpuAfter.get(k) - cpuBefore.getOrDefault(k, 0L)) / (double) claims;
            total += perDecision;
            cpu.append(String.format(" %s %.3f", k, perDecision));
        }
        System.out.println(cpu.append(String.format(" total %.3f", total)));
    }

    /** CPU milliseconds used so far by the named processes, this JVM, and all postgres / redis-server processes. */
    static Map<String, Long> cpu() {
        Map<String, Long> out = new TreeMap<>();
        String pids = System.getProperty("cpu.pids", "");
        for (String pair : pids.split(",")) {
            if (pair.contains("=")) {
                String[] kv = pair.split("=");
                out.put(kv[0], procCpuMs(kv[1]));
            }
        }
        out.put("loadgen", ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000);
        long pg = 0;
        long redis = 0;
        java.io.File[] procs = new java.io.File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
        for (java.io.File p : procs == null ? new java.io.File[0] : procs) {
            try {
                String comm = Files.readString(p.toPath().resolve("comm")).trim();
                if (comm.equals("postgres")) {
                    pg += procCpuMs(p.getName());
                } else if (comm.startsWith("redis-server")) {
                    redis += procCpuMs(p.getName());
                }
            } catch (Exception gone) {
                // the process ended meanwhile
            }
        }
        out.put("postgres(all)", pg);
        out.put("redis(all)", redis);
        return out;
    }

    static long procCpuMs(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks * 10; // USER_HZ = 100 on Linux
        } catch (Exception e) {
            return 0;
        }
    }

    record Result(double seconds, long[] latenciesNanos, Map<Integer, Integer> statuses, Map<String, Integer> outcomes) {
    }

    static Result burst(String token, long firstIndex, int n, int concurrency) throws Exception {
        long[] lat = new long[n];
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> fs = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            fs.add(pool.submit(() -> {
                for (int i = next.getAndAdd(batch); i < n; i = next.getAndAdd(batch)) {
                    int upTo = Math.min(n, i + batch);
                    StringBuilder ids = new StringBuilder();
                    for (int j = i; j < upTo; j++) {
                        ids.append(j == i ? "" : ",").append('"')
                                .append(String.format("%08x-0000-4000-8000-%012x", 0, firstIndex + j)).append('"');
                    }
                    boolean single = batch == 1;
                    String body = single ? "{\"tradeInId\":" + ids + "}" : "{\"tradeInIds\":[" + ids + "]}";
                    HttpRequest req = HttpRequest.newBuilder(URI.create(base + (single ? "/api/subsidies/claims"
                            : "/api/subsidies/claims/batch")))
                            .timeout(Duration.ofSeconds(120))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long t0 = System.nanoTime();
                    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
                    long took = System.nanoTime() - t0;
                    for (int j = i; j < upTo; j++) {
                        lat[j] = took;
                    }
                    if (single || res.statusCode() != 200) {
                        statuses.merge(res.statusCode(), upTo - i, Integer::sum);
                        outcomes.merge(outcome(res.body()), upTo - i, Integer::sum);
                    } else {
                        // {"items":[{"tradeInId":"…","status":201,"subsidy":{…}}, …]}: one item per claim
                        String[] items = res.body().split("\\{\"tradeInId\":");
                        for (int k = 1; k < items.length; k++) {
                            int st = items[k].indexOf("\"status\":");
                            statuses.merge(Integer.parseInt(items[k].substring(st + 9, st + 12)), 1, Integer::sum);
                            outcomes.merge(outcome(items[k]), 1, Integer::sum);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(seconds, lat, statuses, outcomes);
    }

    static String outcome(String body) {
        if (body.contains("\"status\":\"GRANTED\"")) {
            return "GRANTED";
        }
        int r = body.indexOf("\"reason\":\"");
        if (r >= 0) {
            return body.substring(r + 10, body.indexOf('"', r + 10));
        }
        return body.length() > 80 ? body.substring(0, 80) : body;
    }

    static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1e6;
    }

    static String createCampaign(String token, String district, int quota) throws Exception {
        String body = "{\"name\":\"Benchmark " + district + "\",\"district\":\"" + district + "\","
                + "\"filedBefore\":\"2024-04-15T00:00:00Z\",\"phases\":[{\"name\":\"June\","
                + "\"startsAt\":\"2026-06-01T00:00:00Z\",\"endsAt\":\"2026-07-01T00:00:00Z\",\"amountFen\":30000,"
                + "\"quota\":" + quota + "}]}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/campaigns"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("campaign not created: " + r.statusCode() + " " + r.body());
        }
        int i = r.body().indexOf("\"id\":\"");
        return r.body().substring(i + 6, i + 42);
    }

    static String jwt(PrivateKey key, String sub, String role) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"bench\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"iss\":\"https://gateway.ebike.local\",\"aud\":\"ebike-suite\",\"sub\":\"" + sub
                + "\",\"upn\":\"" + sub + "\",\"groups\":[\"" + role + "\"],\"iat\":" + now + ",\"exp\":" + (now + 900)
                + ",\"jti\":\"" + java.util.UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + b64.encodeToString(s.sign());
    }

    static PrivateKey privateKey(Path pem) throws Exception {
        String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
    }
}
