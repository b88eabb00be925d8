package cn.ebike.systemtests.soak;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.Suite.Service;
import cn.ebike.systemtests.soak.Http.Resp;
import cn.ebike.systemtests.soak.Recorder.Sample;
import cn.ebike.systemtests.soak.Recorder.Stats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fault soak (system-tests/soak/run.sh starts it; not part of ./suite test): the real suite on scratch
 * PostgreSQL and Redis, a mixed workload at a fixed offered rate through the gateway, faults injected on a printed
 * schedule, invariants checked after each fault and at the end, a faults × invariants table and per-endpoint
 * latency/error figures before, during and after each fault in system-tests/target/soak/.
 *
 * <p>Knobs (system properties, set by run.sh): soak.mode short|long, soak.minutes (long mode: keep cycling the
 * schedule until this many minutes have passed), soak.rate (operations per second). Infrastructure commands
 * (environment, set by run.sh): SOAK_PG_STOP, SOAK_PG_START, SOAK_REDIS_STOP, SOAK_REDIS_START.
 */
class SoakRun {

    private final boolean longMode = "long".equals(System.getProperty("soak.mode", "short"));
    private final double rate = Double.parseDouble(System.getProperty("soak.rate", "5"));
    private final int minutes = Integer.getInteger("soak.minutes", longMode ? 30 : 3);
    private final int quota = Integer.getInteger("soak.quota", longMode ? 250 : 30);
    private final Duration during = Duration.ofSeconds(longMode ? 30 : 6);
    private final Duration after = Duration.ofSeconds(longMode ? 45 : 10);
    private final Path out = Path.of(System.getProperty("soak.out", "target/soak")).toAbsolutePath();

    private Suite suite;
    private LatencyProxy proxy;
    private Recorder recorder;
    private Http http;
    private String campaignId;
    private String serviceToken;
    private Api api;

    /** A fault: what it does, how it ends. */
    record Fault(String name, Runnable inject, Runnable heal, boolean outage) {
    }

    /** invariant name → (scope → violations); scope is a fault's name or "final". */
    private final Map<String, Map<String, Long>> table = new LinkedHashMap<>();
    private final List<String> scopes = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    @Test
    void soak() throws Exception {
        Files.createDirectories(out);
        System.setProperty("suite.work", "system-tests/target/soak-suite");
        suite = new Suite();
        proxy = new LatencyProxy(suite.port(Service.TRADEIN));
        suite.setEnv("TRADEIN_URL", "http://127.0.0.1:" + proxy.port()); // gateway → tradein and subsidy → tradein
        suite.setEnv("PAYOUT_SANDBOX_CONTROL", "true");
        suite.setEnv("PAYOUT_SANDBOX_LATENCY_MS", "20");
        suite.setEnv("PAYOUT_SANDBOX_FAILURE_RATE", "0");
        suite.setEnv("PAYOUT_SANDBOX_LOST_ANSWER_RATE", "0");
        // a killed worker's lease and a killed instance's quota holds come back within the run, not after minutes
        suite.setEnv("PAYOUT_LEASE", "20s");
        suite.setEnv("QUOTA_HOLD_TIMEOUT", "60s");
        suite.setEnv("QUOTA_SWEEP_INTERVAL", "10s");
        say("starting the suite (scratch PostgreSQL " + System.getenv().getOrDefault("DB_PORT", "5432") + ", Redis "
                + System.getenv().getOrDefault("EBIKE_TEST_REDIS", "?") + ")");
        suite.start();
        try {
            run();
        } finally {
            suite.close();
            proxy.close();
        }
    }

    private void run() throws Exception {
        api = suite.api();
        String district = "浦江区";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        campaignId = api.campaign(district, Instant.parse("2025-01-01T00:00:00Z"), List.of(
                new Api.Phase("第一阶段", now.minus(1, ChronoUnit.HOURS), now.plus(3, ChronoUnit.HOURS), 30_000, quota)));
        List<Api.Dealer> dealers = List.of(api.dealer(district, true), api.dealer(district, true), api.dealer(district, true),
                api.dealer(district, false));
        serviceToken = serviceToken();
        recorder = new Recorder();
        http = new Http(recorder);

        List<Fault> faults = schedule();
        say("schedule (" + (longMode ? "long, ≥ " + minutes + " min" : "short") + ", offered rate " + rate
                + " ops/s, quota " + quota + "; each fault: " + during.toSeconds() + " s held, then " + after.toSeconds()
                + " s after recovery):");
        for (int i = 0; i < faults.size(); i++) {
            say(String.format("  %2d. %s", i + 1, faults.get(i).name()));
        }
        Instant started = Instant.now();
        try (Workload w = new Workload(suite.gatewayUrl(), http, api, dealers, campaignId, 24)) {
            recorder.window("baseline", false);
            w.start(rate);
            sleep(after.multipliedBy(2));
            int cycle = 0;
            do {
                cycle++;
                for (Fault f : faults) {
                    if (cycle > 1 && Duration.between(started, Instant.now()).toMinutes() >= minutes) {
                        break; // the time is up: a later cycle may stop part-way
                    }
                    String name = cycle == 1 ? f.name() : f.name() + " #" + cycle;
                    say("inject: " + name);
                    recorder.window("during " + name, f.outage());
                    long t0 = System.nanoTime();
                    f.inject().run();
                    sleep(during);
                    f.heal().run();
                    say(String.format("healed: %s (%.1f s)", name, (System.nanoTime() - t0) / 1e9));
                    recorder.window("after " + name, false);
                    sleep(after);
                    safety(name);
                }
            } while (longMode && Duration.between(started, Instant.now()).toMinutes() < minutes);
            recorder.window("settle", false);
            w.close();
            say(String.format("load stopped after %.1f min: %d operations, %d trade-ins started, %d completed, %d abandoned, %d shed (client could not keep the rate)",
                    Duration.between(started, Instant.now()).toSeconds() / 60.0, w.operations.get(), w.started.get(),
                    w.completed.size(), w.abandoned.get(), w.shed.get()));
            w.abandonReasons.keySet().stream().limit(10).forEach(r -> say("  abandoned/driver: " + r));
            behave(20, 0, 0);
            proxy.delay(0);
            w.bindAllPending();
            settle();
            finalChecks(w);
        }
        report();
        assertThat(violations()).as("invariant violations (see " + out.resolve("report.md") + ")").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------
    private List<Fault> schedule() {
        List<Fault> f = new ArrayList<>();
        for (Service s : List.of(Service.TRADEIN, Service.SUBSIDY, Service.REGISTRATION, Service.GATEWAY)) {
            f.add(new Fault("kill -9 " + s.module + " + restart", () -> suite.kill(s), () -> suite.start(s), true));
        }
        f.add(new Fault("PostgreSQL restart", () -> sh("SOAK_PG_STOP"), () -> {
            sh("SOAK_PG_START");
            awaitReady();
        }, true));
        f.add(new Fault("Redis restart (keeps nothing)", () -> sh("SOAK_REDIS_STOP"), () -> {
            sh("SOAK_REDIS_START");
            awaitReady();
        }, true));
        f.add(new Fault("provider 30% failures + 2 s latency", () -> behave(2000, 0.3, 0), () -> behave(20, 0, 0), false));
        f.add(new Fault("provider times out after it has paid", () -> behave(20, 0, 1.0), () -> behave(20, 0, 0), false));
        f.add(new Fault("+300 ms between services (proxy before tradein-service)", () -> proxy.delay(300), () -> proxy.delay(0), false));
        return f;
    }

    private void awaitReady() {
        for (Service s : Service.values()) {
            Api.await(s.module + " ready", Duration.ofSeconds(180), () -> status(suite.url(s) + "/q/health/ready") == 200);
        }
    }

    private void sh(String envName) {
        String cmd = System.getenv(envName);
        if (cmd == null || cmd.isBlank()) {
            throw new IllegalStateException(envName + " is not set: run the soak through system-tests/soak/run.sh");
        }
        try {
            Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
            String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                say("  (" + envName + " exited " + p.exitValue() + ": " + o.strip() + ")");
            }
        } catch (Exception e) {
            throw new IllegalStateException(envName, e);
        }
    }

    private void behave(long latencyMs, double failureRate, double lostAnswerRate) {
        for (int i = 0; i < 30; i++) {
            Resp r = http.call(null, "PUT", suite.url(Service.SUBSIDY) + "/sandbox/behaviour", serviceToken,
                    Map.of("latencyMs", latencyMs, "failureRate", failureRate, "lostAnswerRate", lostAnswerRate), null);
            if (r.ok()) {
                return;
            }
            if (r.status() == 401) {
                serviceToken = serviceToken();
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("cannot set the sandbox provider's behaviour");
    }

    private String serviceToken() {
        try {
            String form = "grant_type=client_credentials&client_id=subsidy-service&client_secret="
                    + suite.envValue("SUBSIDY_CLIENT_SECRET");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(suite.gatewayUrl() + "/api/auth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Http.JSON.readTree(r.body()).path("access_token").asText(Http.JSON.readTree(r.body()).path("accessToken").asText());
        } catch (Exception e) {
            throw new IllegalStateException("service token", e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    /** Waits until every completed trade-in is decided and no grant with a wallet is still on its way. */
    private void settle() throws SQLException {
        long deadline = System.nanoTime() + Duration.ofMinutes(longMode ? 10 : 4).toNanos();
        long undecided;
        long moving;
        do {
            sleep(Duration.ofSeconds(3));
            undecided = undecided().size();
            moving = count(Service.SUBSIDY, "select count(*) from subsidy s join wallet w on w.owner_id = s.owner_id where s.status in ('GRANTED','PAYING')");
        } while ((undecided > 0 || moving > 0) && System.nanoTime() < deadline);
        say("settled: " + undecided + " completed trade-ins without a decision, " + moving + " grants with a wallet not yet PAID/FAILED");
    }

    private Set<String> undecided() throws SQLException {
        Set<String> completed = ids(Service.TRADEIN, "select id from trade_ins where status = 'COMPLETED'");
        completed.removeAll(ids(Service.SUBSIDY, "select trade_in_id from subsidy"));
        return completed;
    }

    /** Invariants that must hold at every moment (checked after each fault's recovery window). */
    private void safety(String scope) throws SQLException {
        scopes.add(scope);
        put("no phase over quota", scope, count(Service.SUBSIDY, """
                select count(*) from phase p where p.granted > p.quota
                   or (select count(*) from subsidy s where s.phase_id = p.id and s.status <> 'REJECTED') > p.quota"""));
        put("ranks 1..granted without gaps", scope, count(Service.SUBSIDY, """
                select count(*) from (select s.phase_id, count(*) n, count(distinct s.rank) d, min(s.rank) lo, max(s.rank) hi
                  from subsidy s where s.status <> 'REJECTED' group by s.phase_id) x
                 where n <> d or lo <> 1 or hi <> n or n <> (select granted from phase where id = x.phase_id)"""));
        put("no owner granted twice", scope, count(Service.SUBSIDY,
                "select count(*) from (select 1 from subsidy where status <> 'REJECTED' group by campaign_id, owner_id having count(*) > 1) x"));
        put("no old bike granted twice", scope, count(Service.SUBSIDY,
                "select count(*) from (select 1 from subsidy where status <> 'REJECTED' group by campaign_id, old_vehicle_id having count(*) > 1) x"));
        put("no trade-in decided twice", scope, count(Service.SUBSIDY,
                "select count(*) from (select 1 from subsidy group by trade_in_id having count(*) > 1) x"));
        put("no payment twice at the provider", scope, count(Service.SUBSIDY, """
                select (select count(*) from (select 1 from sandbox_payment group by idempotency_key having count(*) > 1) a)
                     + (select count(*) from (select 1 from sandbox_payment where wallet_fingerprint is not null
                                              group by wallet_fingerprint, reference having count(*) > 1) b)
                     + (select count(*) from sandbox_payment p where not exists
                           (select 1 from subsidy s where s.id::text = p.idempotency_key and s.status <> 'REJECTED'))"""));
        List<Sample> mine = recorder.samples().stream().filter(s -> s.window().endsWith(scope)).toList();
        put("no 5xx other than 503", scope, mine.stream().filter(s -> s.status() >= 500 && s.status() != 503).count());
        put("no request hung past its timeout", scope, mine.stream().filter(s -> s.status() == Recorder.CLIENT_TIMEOUT).count());
        say("  checked after " + scope + ": " + table.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().get(scope))
                .collect(Collectors.joining(", ")));
    }

    private void finalChecks(Workload w) throws SQLException {
        safety("final");
        put("every completed trade-in has exactly one decision", "final", (long) undecided().size());
        put("every grant with a wallet ends PAID or FAILED", "final", count(Service.SUBSIDY,
                "select count(*) from subsidy s join wallet w on w.owner_id = s.owner_id where s.status in ('GRANTED','PAYING')"));
        put("provider's payments = PAID grants", "final", Math.abs(count(Service.SUBSIDY, "select count(*) from sandbox_payment")
                - count(Service.SUBSIDY, "select count(*) from subsidy where status = 'PAID'")));
        Resp rec = http.call(null, "GET", suite.gatewayUrl() + "/api/campaigns/" + campaignId + "/reconciliation",
                api.regulator(), null, null);
        long flagged = rec.ok() ? rec.json().path("summary").path("mismatches").asLong(-1)
                + rec.json().path("unknownProviderPayments").size() : -1;
        if (flagged < 0) {
            say("  reconciliation answered " + rec.status() + ": " + rec.body());
        }
        put("reconciliation: zero unexplained mismatches", "final", flagged < 0 ? 1 : flagged);
        List<Sample> all = recorder.samples();
        put("no 5xx other than 503", "final", all.stream().filter(s -> s.status() >= 500 && s.status() != 503).count());
        put("no request hung past its timeout", "final", all.stream().filter(s -> s.status() == Recorder.CLIENT_TIMEOUT).count());
        say(String.format("counts: %d completed trade-ins (tradein DB), %d decisions, %d granted, %d PAID, %d FAILED, %d rejected %s, %d provider payments, %d wallets",
                count(Service.TRADEIN, "select count(*) from trade_ins where status = 'COMPLETED'"),
                count(Service.SUBSIDY, "select count(*) from subsidy"),
                count(Service.SUBSIDY, "select count(*) from subsidy where status <> 'REJECTED'"),
                count(Service.SUBSIDY, "select count(*) from subsidy where status = 'PAID'"),
                count(Service.SUBSIDY, "select count(*) from subsidy where status = 'FAILED'"),
                count(Service.SUBSIDY, "select count(*) from subsidy where status = 'REJECTED'"),
                byReason(), count(Service.SUBSIDY, "select count(*) from sandbox_payment"),
                count(Service.SUBSIDY, "select count(*) from wallet")));
        say(String.format("payout attempts: %s", text(Service.SUBSIDY,
                "select string_agg(kind || ':' || outcome || '=' || n, ', ') from (select kind, outcome, count(*) n from payout_attempt group by 1, 2 order by 1, 2) x")));
    }

    private String byReason() throws SQLException {
        return text(Service.SUBSIDY, "select coalesce(string_agg(reason || '=' || n, ', '), '') from (select reason, count(*) n from subsidy where reason is not null group by 1 order by 1) x");
    }

    private void put(String invariant, String scope, long violations) {
        table.computeIfAbsent(invariant, k -> new LinkedHashMap<>()).put(scope, violations);
    }

    private List<String> violations() {
        List<String> v = new ArrayList<>();
        table.forEach((inv, m) -> m.forEach((scope, n) -> {
            if (n != 0) {
                v.add(inv + " @ " + scope + ": " + n);
            }
        }));
        return v;
    }

    // ------------------------------------------------------------------------------------------------
    private void report() throws Exception {
        StringBuilder md = new StringBuilder("# Fault soak — " + (longMode ? "long" : "short") + " mode, " + Instant.now() + "\n\n");
        md.append("Offered rate ").append(rate).append(" ops/s; quota ").append(quota).append(". Load average at the end: ")
                .append(Files.readString(Path.of("/proc/loadavg")).strip()).append(" (shared machine: compare ratios, not absolutes).\n\n");
        md.append("## Log\n\n```\n").append(String.join("\n", log)).append("\n```\n\n");
        md.append("## Faults × invariants (violations; 0 = held, – = checked only at the end)\n\n| invariant |");
        List<String> cols = new ArrayList<>(scopes);
        cols.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|").append("---|".repeat(cols.size())).append('\n');
        table.forEach((inv, m) -> {
            md.append("| ").append(inv).append(" |");
            cols.forEach(c -> md.append(' ').append(m.containsKey(c) ? m.get(c).toString() : "–").append(" |"));
            md.append('\n');
        });
        List<Sample> all = recorder.samples();
        List<String> windows = all.stream().map(Sample::window).distinct().toList();
        Set<String> endpoints = new TreeSet<>(all.stream().map(Sample::endpoint).toList());
        md.append("\n## Per window, all endpoints\n\n| window | requests | p50 ms | p99 ms | error rate | 503/no connection | other 5xx | timeouts |\n|---|---|---|---|---|---|---|---|\n");
        StringBuilder csv = new StringBuilder("window,endpoint,requests,p50_ms,p99_ms,error_rate,unavailable,other_5xx,timeouts\n");
        for (String w : windows) {
            Stats s = Stats.of(all.stream().filter(x -> x.window().equals(w)).toList());
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.1f %% | %d | %d | %d |%n", w, s.count(), s.p50(), s.p99(),
                    100 * s.errorRate(), s.unavailable(), s.fiveXxNot503(), s.timeouts()));
            for (String e : endpoints) {
                Stats es = Stats.of(all.stream().filter(x -> x.window().equals(w) && x.endpoint().equals(e)).toList());
                if (es.count() > 0) {
                    csv.append(String.format(Locale.ROOT, "\"%s\",\"%s\",%d,%.1f,%.1f,%.4f,%d,%d,%d%n", w, e, es.count(), es.p50(), es.p99(),
                            es.errorRate(), es.unavailable(), es.fiveXxNot503(), es.timeouts()));
                }
            }
        }
        md.append("\n## Per endpoint, whole run (status -1: no connection, -2: client timeout)\n\n| endpoint | requests | p50 ms | p99 ms | error rate | statuses |\n|---|---|---|---|---|---|\n");
        for (String e : endpoints) {
            List<Sample> of = all.stream().filter(x -> x.endpoint().equals(e)).toList();
            Stats s = Stats.of(of);
            Map<Integer, Long> statuses = new TreeMap<>(of.stream().collect(Collectors.groupingBy(Sample::status, Collectors.counting())));
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.1f %% | %s |%n", e, s.count(), s.p50(), s.p99(),
                    100 * s.errorRate(), statuses));
        }
        Map<String, String> bad = recorder.firstBad();
        if (!bad.isEmpty()) {
            md.append("\n## First answer of each kind of 5xx (not 503) / timeout\n\n");
            bad.forEach((k, v) -> md.append("- ").append(k).append(": `").append(v.replace('`', '\'').replace('\n', ' ')).append("`\n"));
        }
        md.append("\nPer endpoint and window: `latency.csv` next to this file.\n");
        Files.writeString(out.resolve("report.md"), md);
        Files.writeString(out.resolve("latency.csv"), csv);
        System.out.println("\n" + md);
    }

    // ------------------------------------------------------------------------------------------------
    private long count(Service s, String sql) throws SQLException {
        try (Connection c = suite.jdbc(s); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String text(Service s, String sql) throws SQLException {
        try (Connection c = suite.jdbc(s); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Set<String> ids(Service s, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = suite.jdbc(s); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private void say(String line) {
        String l = Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line;
        log.add(l);
        System.out.println("[soak] " + l);
    }

    private static void sleep(Duration d) {
        Suite.sleep(d.toMillis());
    }
}
