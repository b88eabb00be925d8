package cn.ebike.common.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The one writer of audit rows for every service. Rows are written inside the caller's transaction
 * ({@code MANDATORY}): an audit row exists exactly when the change it describes was committed. The hash chain
 * ({@link AuditChain}, sealed by {@link AuditChainSealer}) covers the rows after they are committed.
 *
 * <p>{@link #write} takes the datasource connection of the running transaction (the one Hibernate uses too);
 * {@link #writeAll(Connection, AuditTable, List)} is for code that already holds a JDBC connection and writes
 * many rows at once (imports, decision rounds): one multi-row {@code INSERT … SELECT FROM unnest(…)}.
 */
@ApplicationScoped
public class AuditWriter {

    private static final String[] BASE = {"at", "actor", "action", "object_type", "object_id", "from_status",
        "to_status", "detail"};

    private final DataSource dataSource;

    public AuditWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void write(AuditTable table, AuditEntry entry) {
        writeAll(table, List.of(entry));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void writeAll(AuditTable table, List<AuditEntry> entries) {
        try (Connection c = dataSource.getConnection()) {
            writeAll(c, table, entries);
        } catch (SQLException e) {
            throw new IllegalStateException("writing " + entries.size() + " audit row(s) to " + table.name()
                    + " failed", e);
        }
    }

    /** Writes the entries on the given connection (in whatever transaction it is in); returns the rows written. */
    public static int writeAll(Connection c, AuditTable table, List<AuditEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(sql(table))) {
            int n = entries.size();
            List<String[]> columns = new ArrayList<>();
            int width = (table.generatedId() ? 0 : 1) + BASE.length + table.extras().size();
            for (int k = 0; k < width; k++) {
                columns.add(new String[n]);
            }
            for (int i = 0; i < n; i++) {
                AuditEntry e = entries.get(i);
                int k = 0;
                if (!table.generatedId()) {
                    columns.get(k++)[i] = UUID.randomUUID().toString();
                }
                columns.get(k++)[i] = e.at().toString();
                columns.get(k++)[i] = cut(e.actor() == null ? table.actorDefault() : e.actor(), table.actorLength());
                columns.get(k++)[i] = e.action();
                columns.get(k++)[i] = e.objectType();
                columns.get(k++)[i] = String.valueOf(e.objectId());
                columns.get(k++)[i] = e.fromStatus();
                columns.get(k++)[i] = e.toStatus();
                columns.get(k++)[i] = cut(e.detail(), AuditTable.DETAIL_LENGTH);
                for (AuditTable.Column extra : table.extras()) {
                    Object v = e.extra().get(extra.name());
                    columns.get(k++)[i] = v == null ? null : v instanceof Enum<?> en ? en.name() : v.toString();
                }
            }
            for (int k = 0; k < width; k++) {
                ps.setArray(k + 1, c.createArrayOf("text", columns.get(k)));
            }
            return ps.executeUpdate();
        }
    }

    /** {@code INSERT INTO t (cols) SELECT u.c0::type, … FROM unnest(?::text[], …) AS u(c0, …)}. */
    static String sql(AuditTable table) {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        if (!table.generatedId()) {
            names.add("id");
            types.add("uuid");
        }
        for (String base : BASE) {
            names.add(base);
            types.add(switch (base) {
                case "at" -> "timestamptz";
                case "object_id" -> table.objectIdType();
                default -> "text";
            });
        }
        for (AuditTable.Column extra : table.extras()) {
            names.add(extra.name());
            types.add(extra.sqlType());
        }
        StringBuilder select = new StringBuilder();
        StringBuilder params = new StringBuilder();
        StringBuilder alias = new StringBuilder();
        for (int k = 0; k < names.size(); k++) {
            String sep = k == 0 ? "" : ", ";
            select.append(sep).append("u.c").append(k).append("::").append(types.get(k));
            params.append(sep).append("?::text[]");
            alias.append(sep).append('c').append(k);
        }
        return "INSERT INTO " + table.name() + " (" + String.join(", ", names) + ") SELECT " + select + " FROM unnest("
                + params + ") AS u(" + alias + ")";
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
