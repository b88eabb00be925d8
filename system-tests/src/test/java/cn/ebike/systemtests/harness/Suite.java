package cn.ebike.systemtests.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The four real services, started from their built jars as separate processes on free ports, with
 * freshly generated keys, fresh databases ({@code ebike_st_*}) and their own Redis database index.
 * One instance serves the whole test run; {@link SuiteExtension} starts it and closes it.
 */
public final class Suite implements AutoCloseable {

    public enum Service {
        REGISTRATION("registration-service", "ebike_st_registration"),
        TRADEIN("tradein-service", "ebike_st_tradein"),
        SUBSIDY("subsidy-service", "ebike_st_subsidy"),
        GATEWAY("gateway", "ebike_st_gateway");

        public final String module;
        final String database;

        Service(String module, String database) {
            this.module = module;
            // EBIKE_TEST_NS (e.g. "_w1") lets two checkouts run their tests side by side
            this.database = database + System.getenv().getOrDefault("EBIKE_TEST_NS", "");
        }
    }

    /** Redis database index used only by the system tests (module tests use 1 and 2, the dev run 0). */
    public static final int REDIS_DB = 3;
    /** host:port of the Redis the tests use; EBIKE_TEST_REDIS lets a second checkout use its own server. */
    static final String REDIS_HOST_PORT = System.getenv().getOrDefault("EBIKE_TEST_REDIS", "127.0.0.1:6379");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300); // seconds on a quiet machine; minutes when it is shared
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final Path work;
    private final String dbHost = env("DB_HOST", "127.0.0.1");
    private final String dbPort = env("DB_PORT", "5432");
    private final String dbUser = env("DB_USER", "ebike");
    private final String dbPassword = env("DB_PASSWORD", "");
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Map<Service, Process> processes = new EnumMap<>(Service.class);
    private final Map<String, String> sharedEnv = new LinkedHashMap<>();
    private final String adminPassword = "st-admin-" + randomHex(12);
    private final String platePublicKeyPem;

    public Suite() {
        root = Path.of(System.getProperty("suite.root", "..")).toAbsolutePath().normalize();
        work = root.resolve(System.getProperty("suite.work", "system-tests/target/suite"));
        try {
            Files.createDirectories(work.resolve("logs"));
            for (Service s : Service.values()) {
                Path jar = jar(s);
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(jar + " is missing: build the services first (./mvnw verify builds them before this module)");
                }
                ports.put(s, freePort());
            }
            KeyPair jwt = generate("RSA", 2048);
            KeyPair plate = generate("Ed25519", 0);
            Path keys = Files.createDirectories(work.resolve("keys"));
            Files.writeString(keys.resolve("jwt-private.pem"), Pem.privateKey(jwt.getPrivate()));
            Files.writeString(keys.resolve("jwt-public.pem"), Pem.publicKey(jwt.getPublic()));
            Files.writeString(keys.resolve("plate-private.pem"), Pem.privateKey(plate.getPrivate()));
            platePublicKeyPem = Pem.publicKey(plate.getPublic());
            Files.writeString(keys.resolve("plate-public.pem"), platePublicKeyPem);

            sharedEnv.put("DB_HOST", dbHost);
            sharedEnv.put("DB_PORT", dbPort);
            sharedEnv.put("DB_USER", dbUser);
            sharedEnv.put("DB_PASSWORD", dbPassword);
            sharedEnv.put("REDIS_URL", "redis://" + REDIS_HOST_PORT + "/" + REDIS_DB);
            sharedEnv.put("JWT_PUBLIC_KEY_LOCATION", keys.resolve("jwt-public.pem").toString());
            sharedEnv.put("JWT_PRIVATE_KEY_LOCATION", keys.resolve("jwt-private.pem").toString());
            sharedEnv.put("PLATE_SIGNING_PRIVATE_KEY_LOCATION", keys.resolve("plate-private.pem").toString());
            sharedEnv.put("PLATE_SIGNING_PUBLIC_KEY_LOCATION", keys.resolve("plate-public.pem").toString());
            sharedEnv.put("PII_ENCRYPTION_KEY", randomBase64(32));
            sharedEnv.put("PII_HMAC_KEY", randomBase64(32));
            sharedEnv.put("WALLET_ENCRYPTION_KEY", randomBase64(32));
            sharedEnv.put("DEALER_CONTACT_ENCRYPTION_KEY", randomBase64(32));
            sharedEnv.put("TRADEIN_CLIENT_SECRET", randomHex(24));
            sharedEnv.put("SUBSIDY_CLIENT_SECRET", randomHex(24));
            sharedEnv.put("REGISTRATION_CLIENT_SECRET", randomHex(24));
            sharedEnv.put("BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            sharedEnv.put("SMS_ECHO", "true");
            sharedEnv.put("REGISTRATION_URL", url(Service.REGISTRATION));
            sharedEnv.put("TRADEIN_URL", url(Service.TRADEIN));
            sharedEnv.put("SUBSIDY_URL", url(Service.SUBSIDY));
            sharedEnv.put("GATEWAY_URL", url(Service.GATEWAY));
            sharedEnv.put("SERVICE_TOKEN_URL", url(Service.GATEWAY) + "/api/auth/token");
            // the payout sandbox behaves like a flaky remote operator, but fast enough for a test run
            sharedEnv.put("PAYOUT_SANDBOX_LATENCY_MS", "20");
            sharedEnv.put("PAYOUT_SANDBOX_FAILURE_RATE", "0.2");
            sharedEnv.put("PAYOUT_SANDBOX_LOST_ANSWER_RATE", "0.1");
            // scenarios may change that behaviour at run time (Api.payoutSandbox: PUT /sandbox/behaviour, SERVICE token)
            sharedEnv.put("PAYOUT_SANDBOX_CONTROL", "true");
            // every scenario signs in and verifies plates from 127.0.0.1: the anonymous limit of the
            // real deployment (120/min per address) would throttle the test run itself
            sharedEnv.put("RATE_LIMIT_ANONYMOUS", "100000");
            // every test signs in from 127.0.0.1: the per-address login budget and SMS wrong-code allowance
            // (issue 12) are for the public, not for one test runner
            sharedEnv.put("GATEWAY_LOGIN_PER_ADDRESS_PER_WINDOW", "100000");
            sharedEnv.put("GATEWAY_SMS_ADDRESS_MAX_FAILURES", "100000");
            // what a printed plate's QR carries: the check page of this very gateway, as a browser reaches it
            sharedEnv.put("PUBLIC_BASE_URL", browserUrl());
            // a replayed refresh token can be shown a few seconds after a rotation instead of half a minute
            sharedEnv.put("SESSION_REUSE_GRACE", "PT2S");
            // the overview's per-service budget (3 s in production) is about answers, not this machine's
            // load: the scenarios check which services are named, and a stopped one is refused at once
            sharedEnv.put("STATS_TIMEOUT", "PT10S");
            // the gateway's figures cache (30 s in production) kept short so the scenarios stay fresh; a test that
            // reads figures right after writing sends Cache-Control: no-cache
            sharedEnv.put("FIGURES_CACHE_TTL", "PT2S");
            // GET/PUT /test/clock (SERVICE token) moves each service's business clock; the figures test spans days
            sharedEnv.put("EBIKE_TEST_CLOCK", "true");
            // the gateway anchors every audit chain's head every 60 s in production; AuditTailTest waits for one
            sharedEnv.put("AUDIT_ANCHOR_EVERY", "PT2S");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------
    public void start() {
        recreateDatabases();
        flushRedis();
        for (Service s : List.of(Service.REGISTRATION, Service.TRADEIN, Service.SUBSIDY, Service.GATEWAY)) {
            launch(s);
        }
        for (Service s : Service.values()) {
            awaitReady(s);
        }
    }

    public void stop(Service s) {
        Process p = processes.remove(s);
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    public void restart(Service s) {
        stop(s);
        launch(s);
        awaitReady(s);
    }

    /** {@code kill -9}: the process gets no chance to finish anything (no shutdown hooks, no graceful close). */
    public void kill(Service s) {
        Process p = processes.remove(s);
        if (p == null) {
            return;
        }
        p.destroyForcibly(); // SIGKILL on Linux
        try {
            p.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a stopped or killed service again and waits until it is ready. */
    public void start(Service s) {
        launch(s);
        awaitReady(s);
    }

    /**
     * Sets or replaces an environment variable of every service started from now on (before {@link #start()}:
     * e.g. {@code TRADEIN_URL} pointed at a proxy, so the other services reach tradein-service through it).
     */
    public void setEnv(String name, String value) {
        sharedEnv.put(name, value);
    }

    /** The value of an environment variable the services get (secrets included: for drills that act as a service). */
    public String envValue(String name) {
        return sharedEnv.get(name);
    }

    public int port(Service s) {
        return ports.get(s);
    }

    public Api api() {
        return new Api(this);
    }

    public boolean isRunning(Service s) {
        Process p = processes.get(s);
        return p != null && p.isAlive();
    }

    @Override
    public void close() {
        for (Service s : List.of(Service.GATEWAY, Service.SUBSIDY, Service.TRADEIN, Service.REGISTRATION)) {
            stop(s);
        }
    }

    public String gatewayUrl() {
        return url(Service.GATEWAY);
    }

    /**
     * The gateway as a browser opens it: {@code localhost}, which Chromium treats as a secure context, so the
     * {@code Secure} refresh cookie works over plain http in the tests.
     */
    public String browserUrl() {
        return "http://localhost:" + ports.get(Service.GATEWAY);
    }

    /** A connection to a service's database, for tests that must seed what the API would refuse. */
    public Connection jdbc(Service s) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + s.database, dbUser, dbPassword);
    }

    public String url(Service s) {
        return "http://127.0.0.1:" + ports.get(s);
    }

    public String adminPassword() {
        return adminPassword;
    }

    public String platePublicKeyPem() {
        return platePublicKeyPem;
    }

    public Path log(Service s) {
        return work.resolve("logs/" + s.module + ".log");
    }

    /** Empties the system tests' Redis database, as a Redis restart without persistence would. */
    public void flushRedis() {
        redis("SELECT", Integer.toString(REDIS_DB));
    }

    // ------------------------------------------------------------------------------------------
    private void launch(Service s) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                "-jar", jar(s).toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(root.resolve(s.module).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(s).toFile()));
        pb.environment().putAll(sharedEnv);
        pb.environment().put("PORT", Integer.toString(ports.get(s)));
        pb.environment().put("DB_NAME", s.database);
        try {
            processes.put(s, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + s.module, e);
        }
    }

    private void awaitReady(Service s) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = processes.get(s);
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(s.module + " exited while starting; see " + log(s) + "\n" + tail(log(s)));
            }
            if (httpStatus(url(s) + "/q/health/ready") == 200) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException(s.module + " not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + log(s) + "\n" + tail(log(s)));
    }

    private void recreateDatabases() {
        String url = "jdbc:postgresql://" + dbHost + ":" + dbPort + "/postgres";
        try (Connection c = DriverManager.getConnection(url, dbUser, dbPassword);
             Statement st = c.createStatement()) {
            for (Service s : Service.values()) {
                st.execute("DROP DATABASE IF EXISTS " + s.database + " WITH (FORCE)");
                st.execute("CREATE DATABASE " + s.database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate the system-test databases as '" + dbUser
                    + "' (run ./suite db, which creates the role with CREATEDB): " + e.getMessage(), e);
        }
    }

    /** Sends SELECT n + FLUSHDB over RESP: enough Redis for a test harness, no client library. */
    private static void redis(String... selectArgs) {
        try (Socket socket = new Socket()) {
            int colon = REDIS_HOST_PORT.lastIndexOf(':');
            socket.connect(new InetSocketAddress(REDIS_HOST_PORT.substring(0, colon),
                    Integer.parseInt(REDIS_HOST_PORT.substring(colon + 1))), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(resp(selectArgs));
            out.write(resp("FLUSHDB"));
            out.flush();
            byte[] buf = new byte[64];
            int read = 0;
            int lines = 0;
            while (lines < 2) {
                int n = socket.getInputStream().read(buf, read, buf.length - read);
                if (n < 0) {
                    break;
                }
                for (int i = read; i < read + n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
                read += n;
            }
            String reply = new String(buf, 0, read, StandardCharsets.US_ASCII);
            if (!reply.startsWith("+OK\r\n+OK")) {
                throw new IllegalStateException("Redis FLUSHDB failed: " + reply);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on " + REDIS_HOST_PORT + " does not answer", e);
        }
    }

    private static byte[] resp(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Path jar(Service s) {
        return root.resolve(s.module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    static int httpStatus(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode();
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomBase64(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
