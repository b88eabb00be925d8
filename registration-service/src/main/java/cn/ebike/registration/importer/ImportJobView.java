package cn.ebike.registration.importer;

import java.time.Instant;
import java.util.UUID;

/**
 * An import job as its uploader sees it. {@code status} {@code RUNNING}, {@code DONE} or {@code FAILED};
 * {@code reason} for a failed one: {@code INTERRUPTED} (the instance running it stopped; its heartbeat went stale)
 * or {@code IMPORT_STOPPED} (an error; {@code detail} says where). {@code bytesRead} of {@code totalBytes} and
 * {@code rowsProcessed} move while it runs; {@code rowsImported}/{@code rowsSkipped}/{@code rowsRejected} count as
 * the synchronous import's {@code imported}/{@code skipped}/{@code rejected}; {@code errorCount} counts every row
 * error, the report lists at most the configured number ({@code errorsOmitted} the rest).
 */
public record ImportJobView(UUID id, String status, String reason, String detail, long totalBytes, long bytesRead,
        long rowsProcessed, long rowsImported, long rowsSkipped, long rowsRejected, long errorCount,
        long errorsOmitted, Instant createdAt, Instant heartbeatAt, Instant finishedAt) {
}
