package cn.ebike.common.audit;

import java.util.List;

/**
 * The shape of one service's audit table, which {@link AuditWriter} writes. Every audit table has the columns
 * {@code at, actor, action, object_type, object_id, from_status, to_status, detail}; they differ in the id
 * ({@code generatedId}: an identity column, else a random UUID written by the writer), the SQL type of
 * {@code object_id}, the length of {@code actor} and a few columns of their own ({@code extras}).
 *
 * @param objectIdType the SQL type of {@code object_id}, e.g. {@code uuid} or {@code text}
 * @param actorLength  values longer than this are cut (the column's {@code varchar} length)
 * @param actorDefault written when an entry has no actor (a job acting on its own)
 */
public record AuditTable(String name, boolean generatedId, String objectIdType, int actorLength, String actorDefault,
        List<Column> extras) {

    /** A column of the service's own: its name and SQL type ({@code text}, {@code uuid} …). */
    public record Column(String name, String sqlType) {
    }

    /** The {@code detail} column's length in every service. */
    public static final int DETAIL_LENGTH = 1000;

    public AuditTable {
        extras = extras == null ? List.of() : List.copyOf(extras);
    }
}
