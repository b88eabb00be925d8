package cn.ebike.common.crypto;

/**
 * A column of encrypted personal data that {@link Resealer} keeps in {@link FieldCipher}'s format under the
 * current key. The table's id column must be a {@code uuid}; the id is the row part of the associated data.
 *
 * @param text {@code true} for a {@code text} column holding {@code v2.<base64>}, {@code false} for {@code bytea}
 * @param legacy opens a value written in the format this column had before the versioned one (null: none)
 */
public record SealedColumn(String table, String idColumn, String column, boolean text, LegacyFormat legacy) {

    /** An earlier format of one column: opens a stored value ({@code byte[]} or {@code String}) of a row. */
    @FunctionalInterface
    public interface LegacyFormat {
        String open(Object rowId, Object stored);
    }

    public SealedColumn {
        for (String name : new String[] {table, idColumn, column}) {
            if (name == null || !name.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("not a plain SQL name: " + name);
            }
        }
    }

    String open(FieldCipher cipher, Object rowId, Object stored) {
        boolean versioned = text ? FieldCipher.isVersionedText((String) stored) : FieldCipher.isVersioned((byte[]) stored);
        if (versioned) {
            try {
                return text ? cipher.openText(table, column, rowId, (String) stored)
                        : cipher.open(table, column, rowId, (byte[]) stored);
            } catch (IllegalStateException notVersionedAfterAll) {
                // an old value whose random first bytes happen to look like the header
                if (legacy == null) {
                    throw notVersionedAfterAll;
                }
            }
        }
        if (legacy == null) {
            throw new IllegalStateException(table + "." + column + " of row " + rowId + " is not in the versioned format");
        }
        return legacy.open(rowId, stored);
    }

    /** Reads a stored value of this column, whatever format it is in. */
    public String read(FieldCipher cipher, Object rowId, Object stored) {
        return open(cipher, rowId, stored);
    }

    Object seal(FieldCipher cipher, Object rowId, String plaintext) {
        return text ? cipher.sealText(table, column, rowId, plaintext) : cipher.seal(table, column, rowId, plaintext);
    }

    boolean isCurrent(FieldCipher cipher, Object stored) {
        return text ? cipher.isCurrentText((String) stored) : cipher.isCurrent((byte[]) stored);
    }
}
