package cn.ebike.common.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * The tamper-evident audit trail every service shares: its audit rows form a hash chain. Each entry gets a
 * position ({@code chain_seq}, 1, 2, 3 …) and {@code chain_hash = SHA-256(previous chain_hash ‖ content)},
 * where content is the entry's columns in a fixed order (see {@link #canonical}). Editing a row, deleting one
 * in the middle or re-ordering them breaks the chain at that entry, and {@link #verify} reports the first one.
 *
 * <p>How entries join the chain: a service writes its audit rows as before, inside the transaction of the change
 * they describe; {@link #seal} (run every second by each service's scheduler, and on demand) then appends every
 * committed, unsealed row to the chain, in the order (at, id), under a PostgreSQL advisory lock, so two
 * instances of a service never seal at once and the chain stays one line. Sealing apart from the writing keeps
 * the chain's lock off the services' money and quota paths (a lock taken inside their transactions would
 * serialise every grant until commit and could deadlock with their row locks); the price is that an entry is
 * not yet covered during the second or so before it is sealed ({@code unsealed} in the report).
 */
public final class AuditChain {

    /** A service's audit table: its name, its id column and the content columns that the hash covers. */
    public record Table(String service, String name, String id, List<String> columns) {
    }

    /** {@code firstBrokenAt}: the chain position of the first entry that does not verify, null when intact. */
    public record Report(String service, long entries, boolean intact, Long firstBrokenAt, String firstBrokenId,
            String problem, long unsealed, String head) {
    }

    private static final int BATCH = 5000;
    private static final byte[] GENESIS = new byte[32];

    private final Table table;
    private final long lockKey;

    public AuditChain(Table table) {
        this.table = table;
        this.lockKey = ("audit-chain:" + table.name()).hashCode() * 1_000_003L;
    }

    /** The PostgreSQL advisory lock key under which this chain is sealed (tests hold it to play another sealer). */
    public long lockKey() {
        return lockKey;
    }

    public Table table() {
        return table;
    }

    /**
     * Appends every unsealed entry to the chain; returns how many were sealed (0 when another instance holds the
     * lock). Its own transaction on a connection of its own.
     */
    public int seal(DataSource dataSource) throws SQLException {
        return seal(dataSource, null);
    }

    /**
     * Like {@link #seal(DataSource)}, but when another instance holds the chain's lock, waits up to {@code wait}
     * for it (then seals what that instance left); past the wait it fails with PostgreSQL's lock timeout (55P03).
     * A null wait does not wait.
     */
    public int seal(DataSource dataSource, Duration wait) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int sealed = sealIn(c, wait);
                c.commit();
                return sealed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private int sealIn(Connection c, Duration wait) throws SQLException {
        if (wait == null) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                lock.setLong(1, lockKey);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return 0;
                    }
                }
            }
        } else {
            try (Statement timeout = c.createStatement()) {
                timeout.execute("SET LOCAL lock_timeout = " + Math.max(1, wait.toMillis()));
            }
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, lockKey);
                lock.executeQuery().close();
            }
        }
        long seq = 0;
        byte[] previous = GENESIS;
        try (PreparedStatement head = c.prepareStatement("SELECT chain_seq, chain_hash FROM " + table.name()
                + " WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1");
                ResultSet rs = head.executeQuery()) {
            if (rs.next()) {
                seq = rs.getLong(1);
                previous = rs.getBytes(2);
            }
        }
        int total = 0;
        while (true) {
            List<Object> ids = new ArrayList<>();
            List<byte[]> hashes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + table.id() + ", " + String.join(", ", table.columns())
                    + " FROM " + table.name() + " WHERE chain_seq IS NULL ORDER BY at, " + table.id() + " LIMIT " + BATCH);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1));
                    previous = link(previous, canonical(rs));
                    hashes.add(previous);
                }
            }
            if (ids.isEmpty()) {
                return total;
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE " + table.name()
                    + " SET chain_seq = ?, chain_hash = ? WHERE " + table.id() + " = ?")) {
                for (int i = 0; i < ids.size(); i++) {
                    up.setLong(1, ++seq);
                    up.setBytes(2, hashes.get(i));
                    up.setObject(3, ids.get(i));
                    up.addBatch();
                }
                up.executeBatch();
            }
            total += ids.size();
            if (ids.size() < BATCH) {
                return total;
            }
        }
    }

    /** Walks the whole chain from the first entry and reports the first one that does not verify. */
    public Report verify(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // a cursor (fetch size) needs a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT chain_seq, chain_hash, " + table.id() + ", "
                    + String.join(", ", table.columns()) + " FROM " + table.name()
                    + " WHERE chain_seq IS NOT NULL ORDER BY chain_seq")) {
                ps.setFetchSize(2000);
                long entries = 0;
                byte[] previous = GENESIS;
                Long brokenAt = null;
                String brokenId = null;
                String problem = null;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries++;
                        if (brokenAt != null) {
                            continue;
                        }
                        long seq = rs.getLong(1);
                        byte[] stored = rs.getBytes(2);
                        byte[] expected = link(previous, canonicalAfter(rs, 3));
                        if (seq != entries) {
                            brokenAt = entries;
                            brokenId = String.valueOf(rs.getObject(3));
                            problem = "entry " + entries + " is missing (the next one is " + seq + ")";
                        } else if (!Arrays.equals(stored, expected)) {
                            brokenAt = seq;
                            brokenId = String.valueOf(rs.getObject(3));
                            problem = "the entry's content or hash was changed";
                        }
                        previous = stored;
                    }
                }
                long unsealed;
                try (PreparedStatement u = c.prepareStatement("SELECT count(*) FROM " + table.name()
                        + " WHERE chain_seq IS NULL"); ResultSet rs = u.executeQuery()) {
                    rs.next();
                    unsealed = rs.getLong(1);
                }
                c.commit();
                return new Report(table.service(), entries, brokenAt == null, brokenAt, brokenId, problem, unsealed,
                        entries == 0 ? null : HexFormat.of().formatHex(previous));
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private String canonical(ResultSet rs) throws SQLException {
        return canonicalAfter(rs, 1);
    }

    /**
     * The content the hash covers: the id and each content column as {@code name=value}, one per line; a null
     * is {@code name∅}; times as UTC instants with microseconds (what PostgreSQL keeps).
     */
    private String canonicalAfter(ResultSet rs, int idIndex) throws SQLException {
        StringBuilder out = new StringBuilder(256);
        out.append(table.id()).append('=').append(rs.getObject(idIndex)).append('\n');
        for (int i = 0; i < table.columns().size(); i++) {
            Object v = rs.getObject(idIndex + 1 + i);
            out.append(table.columns().get(i));
            if (v == null) {
                out.append('\u2205');
            } else {
                out.append('=').append(v instanceof Timestamp ts ? ts.toInstant() : v instanceof Instant in ? in : v);
            }
            out.append('\n');
        }
        return out.toString();
    }

    static byte[] link(byte[] previous, String content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous);
            sha.update(content.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
