package cn.ebike.systemtests.bench;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.Suite.Service;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The regulators' figures at a district's scale, measured THROUGH THE GATEWAY (issue 13): the real four services
 * (the system tests' {@link Suite}), then 180,000 filed bikes (100,000 plated), 100,000 trade-ins over 300
 * dealers in 5 districts and 100,000 subsidies (5 campaigns) loaded by SQL into their databases, VACUUM ANALYZE,
 * and every figure endpoint asked {@code bench.requests} times one after the other by a regulator: once with
 * {@code Cache-Control: no-cache} (every request composed from the three services' queries) and once through the
 * gateway's figures cache. Prints p50/p95/max per endpoint and writes them, with the PostgreSQL plans of the
 * services' queries, to {@code system-tests/target/figures-bench/}. Not a test (its name matches no test
 * pattern): {@code gateway/bench/figures-queries.sh} runs it.
 */
class FiguresBench {

    private static final String[] DISTRICTS = {"上城区", "西湖区", "拱墅区", "滨江区", "萧山区"};
    private static final int REQUESTS = Integer.getInteger("bench.requests", 100);
    private static final double LIMIT_MS = 100;

    /** A directory holding other builds' {@code <module>/target/quarkus-app} (e.g. main's): measured first, same run. */
    private static final String BEFORE = System.getProperty("bench.before", "");

    @Test
    void figuresThroughTheGateway() throws Exception {
        Path out = Path.of(System.getProperty("bench.out", "target/figures-bench"));
        Files.createDirectories(out);
        StringBuilder results = new StringBuilder();
        if (!BEFORE.isBlank()) {
            String here = System.getProperty("suite.root", "..");
            System.setProperty("suite.root", BEFORE);
            try {
                results.append("## before: the jars under ").append(BEFORE).append("\n\n").append(pass(out, "-before"));
            } finally {
                System.setProperty("suite.root", here);
            }
            results.append("\n## after: this checkout's jars (same run)\n\n");
        }
        results.append(pass(out, ""));
        Files.writeString(out.resolve("results.md"), results);
        say("%n%s", results);
    }

    /** One pass: the suite started from {@code suite.root}'s jars, the data loaded, every endpoint measured. */
    private static String pass(Path out, String suffix) throws Exception {
        try (Suite suite = new Suite()) {
            suite.setEnv("FIGURES_CACHE_TTL", "PT30S"); // the production default, not the tests' PT2S
            suite.start();
            long t0 = System.nanoTime();
            load(suite);
            say("loaded and analysed in %.0f s", (System.nanoTime() - t0) / 1e9);
            Files.writeString(out.resolve("plans" + suffix + ".txt"), plans(suite));
            Api api = suite.api();
            String campaign = first(suite);
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("completion by district", "/api/stats/completion?groupBy=district");
            endpoints.put("completion by dealer", "/api/stats/completion?groupBy=dealer");
            endpoints.put("completion by month", "/api/stats/completion?groupBy=month");
            endpoints.put("series tradeInsCompleted (30 days)", "/api/stats/series?metric=tradeInsCompleted");
            endpoints.put("series platesIssued (30 days)", "/api/stats/series?metric=platesIssued");
            endpoints.put("series platesIssued, one district", "/api/stats/series?metric=platesIssued&district=%E8%A5%BF%E6%B9%96%E5%8C%BA");
            endpoints.put("series subsidiesGranted (30 days)", "/api/stats/series?metric=subsidiesGranted");
            endpoints.put("series subsidiesPaid (week, 12 weeks)", "/api/stats/series?metric=subsidiesPaid&interval=week");
            endpoints.put("series fenPaid, one district", "/api/stats/series?metric=fenPaid&district=%E8%A5%BF%E6%B9%96%E5%8C%BA");
            endpoints.put("funnel", "/api/stats/funnel");
            endpoints.put("funnel, one campaign", "/api/stats/funnel?campaignId=" + campaign);
            endpoints.put("dealers (300, first page)", "/api/stats/dealers");
            endpoints.put("dealers CSV (all 300)", "/api/stats/dealers?format=csv");
            endpoints.put("signals", "/api/stats/signals");
            endpoints.put("burndown (proxied, not cached)", "/api/campaigns/" + campaign + "/burndown");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            StringBuilder table = new StringBuilder(String.format(
                    "| endpoint (through the gateway, %d requests each, one after the other) | uncached p50 | uncached p95 | uncached max | cached p50 | cached p95 |%n|---|---:|---:|---:|---:|---:|%n",
                    REQUESTS));
            List<String> missed = new ArrayList<>();
            for (Map.Entry<String, String> e : endpoints.entrySet()) {
                String token = api.regulator();
                double[] uncached = measure(http, suite.gatewayUrl() + e.getValue(), token, true);
                double[] cached = measure(http, suite.gatewayUrl() + e.getValue(), token, false);
                String line = String.format("| %s | %.1f | %.1f | %.1f | %.1f | %.1f |", e.getKey(), pct(uncached, 50),
                        pct(uncached, 95), uncached[uncached.length - 1], pct(cached, 50), pct(cached, 95));
                say("%s", line);
                table.append(line).append('\n');
                if (pct(uncached, 95) > LIMIT_MS) {
                    missed.add(e.getKey() + " uncached (" + Math.round(pct(uncached, 95)) + " ms)");
                }
                if (pct(cached, 95) > LIMIT_MS) {
                    missed.add(e.getKey() + " cached (" + Math.round(pct(cached, 95)) + " ms)");
                }
            }
            table.append('\n').append(missed.isEmpty() ? "Every p95 within 100 ms.\n"
                    : "p95 over 100 ms: " + String.join("; ", missed) + "\n");
            return table.toString();
        }
    }

    /** Latencies in ms, sorted; five warm-up requests first. Fails on any answer but 200. */
    private static double[] measure(HttpClient http, String url, String token, boolean noCache) throws Exception {
        double[] ms = new double[REQUESTS];
        for (int i = -5; i < REQUESTS; i++) {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30));
            if (noCache) {
                r.header("Cache-Control", "no-cache");
            }
            long t = System.nanoTime();
            HttpResponse<byte[]> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
            double took = (System.nanoTime() - t) / 1e6;
            if (resp.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + resp.statusCode() + ": " + new String(resp.body()));
            }
            String body = new String(resp.body(), java.nio.charset.StandardCharsets.UTF_8);
            if (body.contains("\"unavailable\":[\"")) {
                throw new IllegalStateException(url + " named an unavailable service: " + body);
            }
            if (i >= 0) {
                ms[i] = took;
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String first(Suite suite) throws SQLException {
        try (Connection c = suite.jdbc(Service.SUBSIDY); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM campaign WHERE created_by = 'bench' ORDER BY name LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void load(Suite suite) throws SQLException {
        String districts = "(ARRAY['" + String.join("','", DISTRICTS) + "'])";
        exec(suite, Service.REGISTRATION, "INSERT INTO owners (id, name_enc, id_number_enc, id_number_hash, phone_enc, phone_hash, created_at, created_by) "
                + "VALUES ('00000000-0000-7000-8000-0000000b0001', '\\x00', '\\x00', decode(repeat('ab', 32), 'hex'), '\\x00', decode(repeat('cd', 32), 'hex'), now(), 'bench')",
                "INSERT INTO vehicles (id, registration_code, frame_number, motor_number, brand, model, category, battery_type, "
                + "owner_id, status, registered_at, registered_by, filed_at, district, scrapped_at, scrap_reference) "
                + "SELECT gen_random_uuid(), 'BENCH' || g, 'BN' || lpad(g::text, 15, '0'), 'M' || g, 'b', 'm', 'NON_STANDARD_FILED', 'LEAD_ACID', "
                + "'00000000-0000-7000-8000-0000000b0001', CASE WHEN g % 3 = 0 THEN 'SCRAPPED' ELSE 'REGISTERED' END, now(), 'bench', "
                + "now() - interval '400 days' + (g % 300) * interval '1 day', " + districts + "[1 + g % 5], "
                + "CASE WHEN g % 3 = 0 THEN now() - (g % 90) * interval '1 day' END, CASE WHEN g % 3 = 0 THEN 'bench' || g END "
                + "FROM generate_series(1, 180000) g",
                "INSERT INTO plates (id, plate_number, vehicle_id, status, issued_at, issued_by) "
                + "SELECT gen_random_uuid(), 'B' || row_number() OVER (), id, 'ACTIVE', now() - (random() * 90) * interval '1 day', 'bench' "
                + "FROM vehicles WHERE registered_by = 'bench' AND status = 'REGISTERED' LIMIT 100000",
                "VACUUM ANALYZE vehicles", "VACUUM ANALYZE plates");
        exec(suite, Service.TRADEIN, "INSERT INTO dealers (id, name, uscc, address, district, contact_phone, created_at, contact_phone_masked) "
                + "SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'bench' || g, '91330100BENCH' || lpad(g::text, 5, '0'), "
                + "'a', " + districts + "[1 + g % 5], '13800000000', now(), '138****0000' FROM generate_series(1, 300) g",
                "INSERT INTO trade_ins (id, dealer_id, owner_id, old_vehicle_id, new_vehicle_id, status, opened_at, recycled_at, "
                + "recycling_receipt_no, recycling_receipt_key, battery_returned, completed_at, cancelled_at, cancellation_reason) "
                + "SELECT gen_random_uuid(), ('00000000-0000-7000-8000-' || lpad(to_hex(1 + g % 300), 12, '0'))::uuid, gen_random_uuid(), gen_random_uuid(), "
                + "CASE WHEN g % 10 < 8 THEN gen_random_uuid() END, "
                + "CASE WHEN g % 10 < 8 THEN 'COMPLETED' WHEN g % 10 = 8 THEN 'OPEN' ELSE 'CANCELLED' END, "
                + "now() - (g % 90) * interval '1 day' - interval '30 hours', "
                + "CASE WHEN g % 10 < 8 THEN now() - (g % 90) * interval '1 day' - interval '20 hours' END, "
                + "CASE WHEN g % 10 < 8 THEN 'BENCH' || g END, CASE WHEN g % 10 < 8 THEN 'BENCH' || g END, CASE WHEN g % 10 < 8 THEN true END, "
                + "CASE WHEN g % 10 < 8 THEN now() - (g % 90) * interval '1 day' END, "
                + "CASE WHEN g % 10 = 9 THEN now() END, CASE WHEN g % 10 = 9 THEN 'bench' END "
                + "FROM generate_series(1, 100000) g",
                "VACUUM ANALYZE dealers", "VACUUM ANALYZE trade_ins");
        exec(suite, Service.SUBSIDY, "INSERT INTO campaign (id, name, district, filed_before, created_at, created_by) "
                + "SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'bench campaign ' || g, " + districts + "[g], "
                + "now(), now() - interval '100 days', 'bench' FROM generate_series(1, 5) g",
                "INSERT INTO phase (id, campaign_id, seq, name, starts_at, ends_at, amount_fen, quota, granted) "
                + "SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(g + 16), 12, '0'))::uuid, ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, "
                + "1, '第一期', now() - interval '95 days', now() + interval '30 days', 50000, 20000, 20000 FROM generate_series(1, 5) g",
                "INSERT INTO subsidy (id, trade_in_id, owner_id, dealer_id, old_vehicle_id, new_vehicle_id, campaign_id, phase_id, status, "
                + "amount_fen, rank, phase_quota, completed_at, decided_at, granted_at, paid_at, payout_attempts, round_attempts, payout_error, updated_at) "
                + "SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), ('00000000-0000-7000-8000-' || lpad(to_hex(1 + g % 300), 12, '0'))::uuid, "
                + "gen_random_uuid(), gen_random_uuid(), ('00000000-0000-7000-8000-' || lpad(to_hex(1 + g % 5), 12, '0'))::uuid, "
                + "('00000000-0000-7000-8000-' || lpad(to_hex(1 + g % 5 + 16), 12, '0'))::uuid, "
                + "CASE WHEN g % 10 < 7 THEN 'PAID' WHEN g % 10 < 9 THEN 'GRANTED' ELSE 'FAILED' END, "
                + "50000, 1 + g / 5, 20000, now() - (g % 90) * interval '1 day', now() - (g % 90) * interval '1 day', "
                + "now() - (g % 90) * interval '1 day', CASE WHEN g % 10 < 7 THEN now() - (g % 90) * interval '1 day' + interval '1 hour' END, "
                + "1, 1, CASE WHEN g % 10 = 9 THEN 'bench' END, now() FROM generate_series(0, 99999) g",
                "VACUUM ANALYZE campaign", "VACUUM ANALYZE phase", "VACUUM ANALYZE subsidy");
    }

    private static void exec(Suite suite, Service service, String... sql) throws SQLException {
        try (Connection c = suite.jdbc(service); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /**
     * Statements that count every row (the services' figure statements before the V19_1 counters, literal parameters)
     * with their plans: what counting the records costs at this scale. The statements the services send now, on
     * counters, and their plans: gateway/docs/figures-plans.md.
     */
    private static String plans(Suite suite) throws SQLException {
        String w = "'西湖区'";
        String day = "date_trunc('day', %s AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'";
        Map<String, String[]> q = new LinkedHashMap<>();
        q.put("registration: completion by district", new String[] {"REGISTRATION",
                "SELECT district, count(*) FILTER (WHERE filed_at < '9999-01-01'), count(*) FILTER (WHERE status = 'SCRAPPED' AND scrapped_at >= '1900-01-01' AND scrapped_at < '9999-01-01') FROM vehicles WHERE category = 'NON_STANDARD_FILED' GROUP BY district ORDER BY district"});
        q.put("registration: scrapped per month", new String[] {"REGISTRATION",
                "SELECT " + String.format(day.replace("'day'", "'month'"), "scrapped_at") + " AS b, count(*) FROM vehicles WHERE category = 'NON_STANDARD_FILED' AND status = 'SCRAPPED' AND scrapped_at >= now() - interval '1 year' AND scrapped_at < now() GROUP BY b ORDER BY b"});
        q.put("registration: plates per day", new String[] {"REGISTRATION",
                "SELECT " + String.format(day, "issued_at") + " AS b, count(*) FROM plates WHERE true AND issued_at >= now() - interval '30 days' AND issued_at < now() GROUP BY b ORDER BY b"});
        q.put("registration: plates per day, one district", new String[] {"REGISTRATION",
                "SELECT " + String.format(day, "p.issued_at") + " AS b, count(*) FROM plates p JOIN vehicles v ON v.id = p.vehicle_id WHERE true AND p.issued_at >= now() - interval '30 days' AND p.issued_at < now() AND v.district = " + w + " GROUP BY b ORDER BY b"});
        q.put("tradein: completion by district", new String[] {"TRADEIN",
                "SELECT d.district, count(*) FILTER (WHERE t.completed_at >= '1900-01-01' AND t.completed_at < '9999-01-01'), count(*) FILTER (WHERE t.recycled_at >= '1900-01-01' AND t.recycled_at < '9999-01-01' AND t.status <> 'CANCELLED') FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id GROUP BY d.district ORDER BY d.district"});
        q.put("tradein: dealer table", new String[] {"TRADEIN",
                "SELECT d.id, d.name, d.district, count(t.id), count(t.id) FILTER (WHERE t.status = 'OPEN'), count(t.id) FILTER (WHERE t.status = 'COMPLETED'), count(t.id) FILTER (WHERE t.status = 'CANCELLED'), count(t.id) FILTER (WHERE t.recycled_at IS NOT NULL AND t.status <> 'CANCELLED'), percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.completed_at - t.opened_at) / 3600.0) FILTER (WHERE t.status = 'COMPLETED'), d.credit_grade FROM dealers d LEFT JOIN trade_ins t ON t.dealer_id = d.id AND t.opened_at >= '1900-01-01' AND t.opened_at < '9999-01-01' GROUP BY d.id, d.name, d.district, d.credit_grade ORDER BY d.name, d.id"});
        q.put("tradein: completed per day, one district", new String[] {"TRADEIN",
                "SELECT " + String.format(day, "t.completed_at") + " AS b, count(*) FROM trade_ins t JOIN dealers d ON d.id = t.dealer_id AND d.district = " + w + " WHERE t.completed_at >= now() - interval '30 days' AND t.completed_at < now() GROUP BY b ORDER BY b"});
        q.put("tradein: funnel", new String[] {"TRADEIN",
                "SELECT count(*), count(*) FILTER (WHERE t.recycled_at IS NOT NULL AND t.status <> 'CANCELLED'), count(*) FILTER (WHERE t.new_vehicle_id IS NOT NULL AND t.status <> 'CANCELLED'), count(*) FILTER (WHERE t.status = 'COMPLETED') FROM trade_ins t"});
        q.put("subsidy: granted per day", new String[] {"SUBSIDY",
                "SELECT " + String.format(day, "s.granted_at") + " AS b, count(*) FROM subsidy s WHERE s.status <> 'REJECTED' AND s.granted_at >= now() - interval '30 days' AND s.granted_at < now() GROUP BY b ORDER BY b"});
        q.put("subsidy: fen paid per day, one district", new String[] {"SUBSIDY",
                "SELECT " + String.format(day, "s.paid_at") + " AS b, coalesce(sum(s.amount_fen), 0) FROM subsidy s JOIN campaign c ON c.id = s.campaign_id AND c.district = " + w + " WHERE s.status = 'PAID' AND s.paid_at >= now() - interval '30 days' AND s.paid_at < now() GROUP BY b ORDER BY b"});
        q.put("subsidy: funnel", new String[] {"SUBSIDY",
                "SELECT count(*) FILTER (WHERE s.status <> 'REJECTED'), count(*) FILTER (WHERE s.status = 'PAID') FROM subsidy s"});
        q.put("subsidy: dealer grants", new String[] {"SUBSIDY",
                "SELECT dealer_id, count(*), count(*) FILTER (WHERE status = 'PAID'), coalesce(sum(amount_fen), 0) FROM subsidy WHERE status <> 'REJECTED' AND dealer_id IS NOT NULL GROUP BY dealer_id"});
        q.put("subsidy: one phase's burn-down", new String[] {"SUBSIDY",
                "SELECT date_trunc('day', granted_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' AS b, count(*) FROM subsidy WHERE phase_id = '00000000-0000-7000-8000-000000000011' AND status <> 'REJECTED' AND granted_at IS NOT NULL GROUP BY b ORDER BY b"});
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String[]> e : q.entrySet()) {
            out.append("== ").append(e.getKey()).append('\n');
            try (Connection c = suite.jdbc(Service.valueOf(e.getValue()[0])); Statement s = c.createStatement()) {
                s.executeQuery(e.getValue()[1]).close(); // warm
                try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + e.getValue()[1])) {
                    while (rs.next()) {
                        out.append(rs.getString(1)).append('\n');
                    }
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void say(String format, Object... args) {
        System.out.println("[figures-bench] " + String.format(format, args));
    }
}
