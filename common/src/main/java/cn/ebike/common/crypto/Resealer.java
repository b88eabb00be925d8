package cn.ebike.common.crypto;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Moves every value of a {@link SealedColumn} to {@link FieldCipher}'s format under the current key: values in the
 * column's legacy format (the three formats the services wrote before) and values sealed with a retired key.
 * Walks the table by id in batches, one short transaction each; each update is a compare-and-set on the old
 * value, so a row written meanwhile by the service is left as the service wrote it. Safe to run on several
 * replicas at once and to interrupt: it only ever replaces a readable value by the same plaintext.
 */
@ApplicationScoped
public class Resealer {

    private static final Logger LOG = Logger.getLogger(Resealer.class);
    // the nil UUID sorts first in PostgreSQL's (unsigned, bytewise) uuid order
    private static final UUID FIRST = new UUID(0L, 0L);

    private final EntityManager em;

    public Resealer(EntityManager em) {
        this.em = em;
    }

    /** What one pass did. {@code unreadable} rows are logged by id and left alone. */
    public record Pass(long scanned, long resealed, long unreadable) {
    }

    public Pass reseal(FieldCipher cipher, SealedColumn column, int batchSize) {
        long scanned = 0;
        long resealed = 0;
        long unreadable = 0;
        UUID after = null;
        while (true) {
            UUID from = after;
            List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> batch(column, from, batchSize));
            if (rows.isEmpty()) {
                break;
            }
            scanned += rows.size();
            int[] counts = QuarkusTransaction.requiringNew().call(() -> resealBatch(cipher, column, rows));
            resealed += counts[0];
            unreadable += counts[1];
            after = (UUID) rows.get(rows.size() - 1)[0];
            if (rows.size() < batchSize) {
                break;
            }
        }
        if (resealed > 0 || unreadable > 0) {
            LOG.infof("%s.%s: %d values re-sealed under key '%s', %d unreadable (of %d)", column.table(), column.column(),
                    resealed, cipher.keyring().currentId(), unreadable, scanned);
        }
        return new Pass(scanned, resealed, unreadable);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> batch(SealedColumn c, UUID after, int size) {
        return em.createNativeQuery("SELECT " + c.idColumn() + ", " + c.column() + " FROM " + c.table()
                        + " WHERE " + c.idColumn() + " > ?1 AND " + c.column() + " IS NOT NULL ORDER BY " + c.idColumn()
                        + " LIMIT ?2")
                .setParameter(1, after == null ? FIRST : after)
                .setParameter(2, size)
                .getResultList();
    }

    private int[] resealBatch(FieldCipher cipher, SealedColumn c, List<Object[]> rows) {
        int resealed = 0;
        int unreadable = 0;
        for (Object[] row : rows) {
            Object id = row[0];
            Object stored = row[1];
            if (c.isCurrent(cipher, stored)) {
                continue;
            }
            String plain;
            try {
                plain = c.open(cipher, id, stored);
            } catch (RuntimeException e) {
                unreadable++;
                LOG.warnf("%s.%s of row %s cannot be opened with any configured key: left as it is (%s)",
                        c.table(), c.column(), id, e.getMessage());
                continue;
            }
            resealed += em.createNativeQuery("UPDATE " + c.table() + " SET " + c.column() + " = ?1 WHERE "
                            + c.idColumn() + " = ?2 AND " + c.column() + " = ?3")
                    .setParameter(1, c.seal(cipher, id, plain))
                    .setParameter(2, id)
                    .setParameter(3, stored)
                    .executeUpdate();
        }
        return new int[] {resealed, unreadable};
    }
}
