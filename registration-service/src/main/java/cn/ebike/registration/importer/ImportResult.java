package cn.ebike.registration.importer;

import java.util.List;

/**
 * {@code imported} rows became vehicles; {@code skipped} rows carried a frame number already stored (or
 * seen earlier in the file); {@code rejected} rows had errors, listed in {@code errors} (at most the
 * configured number; {@code errorsOmitted} counts the rest).
 */
public record ImportResult(long imported, long skipped, long rejected, List<ImportError> errors, long errorsOmitted,
        long rows, long ownersCreated, long platesIssued) {
}
