package cn.ebike.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Before Quarkus starts: drops and re-creates a database, restores into it a plain-SQL dump (gzip, as
 * {@code pg_dump --inserts} writes it) of a database written by an earlier build of the service, and points the
 * service at it with Flyway's clean-at-start off, so that today's migrations run forward over real old rows.
 * Arguments: {@code dump} (a class-path resource), {@code database} (its name; {@code EBIKE_TEST_NS} is appended,
 * so that checkouts testing side by side do not share it). The database stays after the test, for a look.
 * The server and role are those of the services' test configuration ({@code DB_HOST}, {@code DB_PORT},
 * {@code DB_USER}, {@code DB_PASSWORD}); the role needs {@code CREATEDB}, which {@code ./suite db} grants.
 */
public class OldDumpDatabase implements QuarkusTestResourceLifecycleManager {

    private String dump;
    private String database;

    @Override
    public void init(Map<String, String> args) {
        dump = required(args, "dump");
        database = required(args, "database") + env("EBIKE_TEST_NS", "");
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
    }

    @Override
    public Map<String, String> start() {
        String server = "jdbc:postgresql://" + env("DB_HOST", "127.0.0.1") + ":" + env("DB_PORT", "5432") + "/";
        String sql = script(dump);
        try {
            try (Connection c = connect(server + "postgres"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + database);
            }
            try (Connection c = connect(server + database); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot restore " + dump + " into " + database, e);
        }
        Map<String, String> config = new HashMap<>();
        for (String profile : new String[] {"", "%test."}) {
            config.put(profile + "quarkus.datasource.jdbc.url", server + database);
            config.put(profile + "quarkus.flyway.clean-at-start", "false");
        }
        return config;
    }

    @Override
    public void stop() {
        // the database stays for a look; the next run drops it
    }

    /**
     * {@code NAME=value} lines of a class-path resource ({@code #} comments), e.g. the test-only keys an old dump
     * was sealed with.
     */
    public static Map<String, String> keyValues(String resource) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines(resource)) {
            String trimmed = line.trim();
            int eq = trimmed.indexOf('=');
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && eq > 0) {
                values.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
            }
        }
        return values;
    }

    /** The tab-separated rows of a class-path resource, {@code #} comment lines left out. */
    public static List<String[]> rows(String resource) {
        List<String[]> rows = new ArrayList<>();
        for (String line : lines(resource)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    private static String script(String resource) {
        StringBuilder sql = new StringBuilder();
        for (String line : lines(resource)) {
            if (!line.startsWith("\\")) { // psql meta-commands (\restrict) are not SQL
                sql.append(line).append('\n');
            }
        }
        return sql.toString();
    }

    private static List<String> lines(String resource) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("no class-path resource " + resource);
        }
        try (in; BufferedReader reader = new BufferedReader(new InputStreamReader(
                resource.endsWith(".gz") ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, env("DB_USER", "ebike"), env("DB_PASSWORD", ""));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String required(Map<String, String> args, String name) {
        String value = args.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("OldDumpDatabase needs the argument '" + name + "'");
        }
        return value;
    }
}
