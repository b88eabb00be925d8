package cn.ebike.registration.importer;

import cn.ebike.common.figures.Csv;
import cn.ebike.common.http.BodyLimits;
import cn.ebike.common.http.LimitedInputStream;
import cn.ebike.common.ids.Ids;
import cn.ebike.common.idempotency.Idempotency;
import cn.ebike.common.idempotency.Outcome;
import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.problem.BodyTooLargeException;
import cn.ebike.common.problem.FieldError;
import cn.ebike.common.problem.ProblemType;
import cn.ebike.common.security.Caller;
import cn.ebike.registration.config.RegistrationConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Response;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Import jobs: the filing import ({@link FilingImport}) run in the background so that a regulator's console can
 * show its progress. {@code POST /api/vehicles/imports} stores the upload in a spool file (limited, hashed for
 * {@code Idempotency-Key}), checks its header at once (400 as the synchronous import), records the job and
 * answers 202; the import then runs on the application's {@link ManagedExecutor}.
 * <p>
 * While it runs, the job's live counters are kept in memory on the instance that runs it and written with a
 * heartbeat every {@code registration.importer.job-heartbeat-every} (10 s), so another instance answers from the
 * database. A RUNNING job whose heartbeat is older than {@code registration.importer.job-stale-after} (60 s) lost
 * its instance and is reported (and recorded) FAILED with reason {@code INTERRUPTED}; importing the same file
 * again finishes it, stored rows being skipped. Only the caller that uploaded a job reads it; for anyone else it
 * does not exist (404).
 */
@ApplicationScoped
public class ImportJobs {

    public static final String PATH = "/api/vehicles/imports";
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
    /** The job's instance died (or stopped) before the import ended. */
    public static final String INTERRUPTED = "INTERRUPTED";
    /** The import stopped on an error (the detail says where); stored rows are kept. */
    public static final String STOPPED = "IMPORT_STOPPED";

    private static final Logger LOG = Logger.getLogger(ImportJobs.class);
    private static final String COLUMNS = "id, status, reason, detail, total_bytes, bytes_read, rows_processed,"
            + " rows_imported, rows_skipped, rows_rejected, error_count, errors_omitted, created_at, heartbeat_at,"
            + " finished_at, created_by";

    /** This process: a job row names the instance that runs it (for the logs; liveness is the heartbeat). */
    static final String INSTANCE = UUID.randomUUID().toString();

    private final FilingImport filingImport;

    private final ManagedExecutor executor;

    private final DataSource dataSource;

    private final EntityManager em;

    private final Idempotency idempotency;

    private final BodyLimits limits;

    private final RegistrationConfig config;

    private final Caller caller;

    public ImportJobs(FilingImport filingImport, ManagedExecutor executor, DataSource dataSource, EntityManager em,
            Idempotency idempotency, BodyLimits limits, RegistrationConfig config, Caller caller) {
        this.filingImport = filingImport;
        this.executor = executor;
        this.dataSource = dataSource;
        this.em = em;
        this.idempotency = idempotency;
        this.limits = limits;
        this.config = config;
        this.caller = caller;
    }

    /** The jobs this instance is running, with their live counters. */
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();

    record Running(UUID id, FilingImport.Report report, AtomicLong bytesRead) {
    }

    /** The upload stored on disk, its size and SHA-256 (what an Idempotency-Key fingerprints). */
    record Spooled(Path file, long bytes, String sha256) {
    }

    /** Stores the upload, checks its header, records the job (202 + Location) and starts it after the commit. */
    public Response start(String idempotencyKey, InputStream body) {
        String subject = caller.subject();
        String role = caller.role();
        Spooled upload = spool(body);
        AtomicReference<UUID> created = new AtomicReference<>();
        boolean launched = false;
        try {
            checkHeader(upload.file());
            Response answer = idempotency.execute(subject, idempotencyKey, "POST", PATH,
                    Map.of("sha256", upload.sha256(), "bytes", upload.bytes()), () -> {
                        UUID id = Ids.newId();
                        Instant now = Instant.now();
                        em.createNativeQuery("INSERT INTO import_jobs (id, created_by, created_role, status, total_bytes,"
                                        + " sha256, instance_id, created_at, heartbeat_at) VALUES (?1, ?2, ?3, 'RUNNING', ?4,"
                                        + " ?5, ?6, ?7, ?7)")
                                .setParameter(1, id).setParameter(2, subject).setParameter(3, role)
                                .setParameter(4, upload.bytes()).setParameter(5, upload.sha256())
                                .setParameter(6, INSTANCE).setParameter(7, now)
                                .executeUpdate();
                        created.set(id);
                        ImportJobView view = new ImportJobView(id, RUNNING, null, null, upload.bytes(), 0, 0, 0, 0, 0,
                                0, 0, now, now, null);
                        return new Outcome(202, view, URI.create(PATH + "/" + id));
                    });
            // committed (execute returned); a replayed key created nothing and runs nothing
            if (created.get() != null) {
                launch(created.get(), upload, subject, role);
                launched = true;
            }
            return answer;
        } finally {
            if (!launched) {
                deleteQuietly(upload.file());
            }
        }
    }

    private void launch(UUID id, Spooled upload, String subject, String role) {
        Running job = new Running(id, filingImport.newReport(), new AtomicLong());
        running.put(id, job);
        try {
            executor.execute(() -> runJob(job, upload, subject, role));
        } catch (RuntimeException e) {
            // the executor refused (shutting down): the job ends at once instead of waiting to go stale
            running.remove(id);
            deleteQuietly(upload.file());
            finish(job, FAILED, INTERRUPTED, "The service was stopping; import the file again.", null);
            throw e;
        }
    }

    private void runJob(Running job, Spooled upload, String subject, String role) {
        String status = DONE;
        String reason = null;
        String detail = null;
        try (InputStream in = new Counting(Files.newInputStream(upload.file()), job.bytesRead())) {
            ImportResult result = filingImport.run(in, subject, role, job.report());
            LOG.infof("import job %s: %d rows, %d imported, %d skipped, %d rejected", job.id(), result.rows(),
                    result.imported(), result.skipped(), result.rejected());
        } catch (ApiException e) {
            status = FAILED;
            reason = e.type() == ProblemType.SERVICE_UNAVAILABLE ? INTERRUPTED : STOPPED;
            detail = e.getMessage();
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "import job %s failed", job.id());
            status = FAILED;
            reason = STOPPED;
            detail = "The import stopped; import the same file again to finish: stored rows are skipped.";
        } finally {
            deleteQuietly(upload.file());
        }
        try {
            finish(job, status, reason, detail, job.report().result());
        } finally {
            running.remove(job.id());
        }
    }

    /** The job's end: counters, the error report (in line order) and the status, in one transaction. */
    private void finish(Running job, String status, String reason, String detail, ImportResult result) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (result != null) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO import_job_errors (job_id, seq, line, field, message) VALUES (?, ?, ?, ?, ?)")) {
                        int seq = 0;
                        for (ImportError e : result.errors()) {
                            ps.setObject(1, job.id());
                            ps.setInt(2, seq++);
                            ps.setLong(3, e.line());
                            ps.setString(4, truncate(e.field(), 40));
                            ps.setString(5, truncate(e.message(), 500));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE import_jobs SET status = ?, reason = ?, detail = ?,"
                        + " bytes_read = ?, rows_processed = ?, rows_imported = ?, rows_skipped = ?, rows_rejected = ?,"
                        + " error_count = ?, errors_omitted = ?, heartbeat_at = now(), finished_at = now()"
                        + " WHERE id = ? AND status = 'RUNNING'")) {
                    Counters n = counters(job);
                    ps.setString(1, status);
                    ps.setString(2, reason);
                    ps.setString(3, truncate(detail, 500));
                    ps.setLong(4, n.bytesRead());
                    ps.setLong(5, n.rowsProcessed());
                    ps.setLong(6, n.rowsImported());
                    ps.setLong(7, n.rowsSkipped());
                    ps.setLong(8, n.rowsRejected());
                    ps.setLong(9, n.errorCount());
                    ps.setLong(10, n.errorsOmitted());
                    ps.setObject(11, job.id());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            // the row keeps its last heartbeat and is reported INTERRUPTED once that is stale
            LOG.errorf(e, "import job %s: could not record its end (%s)", job.id(), status);
        }
    }

    /** Every running job of this instance: counters and heartbeat, so another instance can answer for it. */
    @Scheduled(every = "${registration.importer.job-heartbeat-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (running.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE import_jobs SET heartbeat_at = now(), bytes_read = ?,"
                        + " rows_processed = ?, rows_imported = ?, rows_skipped = ?, rows_rejected = ?, error_count = ?,"
                        + " errors_omitted = ? WHERE id = ? AND status = 'RUNNING'")) {
            for (Running job : running.values()) {
                Counters n = counters(job);
                ps.setLong(1, n.bytesRead());
                ps.setLong(2, n.rowsProcessed());
                ps.setLong(3, n.rowsImported());
                ps.setLong(4, n.rowsSkipped());
                ps.setLong(5, n.rowsRejected());
                ps.setLong(6, n.errorCount());
                ps.setLong(7, n.errorsOmitted());
                ps.setObject(8, job.id());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            LOG.warnf("import jobs: heartbeat not written (%s)", e.getMessage());
        }
    }

    /** The job, if the caller uploaded it; its live counters when this instance runs it. */
    public ImportJobView get(String rawId) {
        UUID id = Ids.pathId(rawId, "import job");
        Row row = find(id).filter(r -> r.createdBy().equals(caller.subject()))
                .orElseThrow(() -> ApiException.notFound("import job"));
        ImportJobView view = row.view();
        Running live = running.get(id);
        if (live != null && RUNNING.equals(view.status())) {
            Counters n = counters(live);
            return new ImportJobView(view.id(), RUNNING, null, null, view.totalBytes(),
                    Math.max(view.bytesRead(), n.bytesRead()), Math.max(view.rowsProcessed(), n.rowsProcessed()),
                    Math.max(view.rowsImported(), n.rowsImported()), Math.max(view.rowsSkipped(), n.rowsSkipped()),
                    Math.max(view.rowsRejected(), n.rowsRejected()), Math.max(view.errorCount(), n.errorCount()),
                    Math.max(view.errorsOmitted(), n.errorsOmitted()), view.createdAt(), view.heartbeatAt(), null);
        }
        if (RUNNING.equals(view.status()) && live == null
                && view.heartbeatAt().isBefore(Instant.now().minus(config.importer().jobStaleAfter()))) {
            markInterrupted(id);
            return find(id).orElseThrow().view();
        }
        return view;
    }

    /** The error report of a job the caller uploaded, in line order: a page, or all of it as CSV. */
    public Response errors(String rawId, String format, String page, String size) {
        ImportJobView job = get(rawId);
        if (Csv.wanted(format)) {
            List<List<?>> rows = new ArrayList<>();
            for (ImportError e : errorRows(job.id(), 0, Integer.MAX_VALUE)) {
                rows.add(List.of(e.line(), e.field(), e.message()));
            }
            return Csv.response("import-" + job.id() + "-errors.csv", List.of("line", "field", "message"), rows);
        }
        PageRequest request = PageRequest.of(page, size);
        long total = count(job.id());
        List<ImportError> items = request.beyondAnyResult() ? List.of()
                : errorRows(job.id(), request.offset(), request.size());
        return Response.ok(Page.of(items, request, total)).build();
    }

    private void markInterrupted(UUID id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE import_jobs SET status = 'FAILED', reason = ?,"
                        + " detail = ?, finished_at = now() WHERE id = ? AND status = 'RUNNING' AND heartbeat_at < ?")) {
            ps.setString(1, INTERRUPTED);
            ps.setString(2, "The instance running the import stopped answering; import the same file again to"
                    + " finish: stored rows are skipped.");
            ps.setObject(3, id);
            ps.setTimestamp(4, Timestamp.from(Instant.now().minus(config.importer().jobStaleAfter())));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Row(ImportJobView view, String createdBy) {
    }

    private Optional<Row> find(UUID id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM import_jobs WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                ImportJobView view = new ImportJobView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                        rs.getLong(10), rs.getLong(11), rs.getLong(12), instant(rs.getTimestamp(13)),
                        instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)));
                return Optional.of(new Row(view, rs.getString(16)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ImportError> errorRows(UUID id, long offset, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT line, field, message FROM import_job_errors"
                        + " WHERE job_id = ? ORDER BY seq OFFSET ? LIMIT ?")) {
            ps.setObject(1, id);
            ps.setLong(2, offset);
            ps.setInt(3, limit);
            List<ImportError> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ImportError(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(UUID id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM import_job_errors WHERE job_id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Counters(long bytesRead, long rowsProcessed, long rowsImported, long rowsSkipped, long rowsRejected,
            long errorCount, long errorsOmitted) {
    }

    private static Counters counters(Running job) {
        FilingImport.Report r = job.report();
        synchronized (r) {
            return new Counters(job.bytesRead().get(), r.rows, r.imported, r.skipped, r.rejected, r.errorCount,
                    r.errorsOmitted);
        }
    }

    /** The body to a spool file (limited as the upload path says), hashed on the way. */
    private Spooled spool(InputStream body) {
        if (body == null) {
            throw ApiException.invalid("header", "the body is empty; expected the header "
                    + String.join(",", FilingImport.HEADER));
        }
        Path file = null;
        try {
            Optional<String> dir = config.importer().jobSpoolDir();
            file = dir.isPresent() ? Files.createTempFile(Path.of(dir.get()), "filing-import-", ".csv")
                    : Files.createTempFile("filing-import-", ".csv");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long bytes;
            try (InputStream in = new DigestInputStream(new LimitedInputStream(body, limits.limitFor(PATH)), sha);
                    OutputStream out = Files.newOutputStream(file)) {
                bytes = in.transferTo(out);
            }
            return new Spooled(file, bytes, HexFormat.of().formatHex(sha.digest()));
        } catch (BodyTooLargeException e) {
            deleteQuietly(file);
            throw ApiException.payloadTooLarge(e.limitBytes());
        } catch (IOException e) {
            deleteQuietly(file);
            throw new ApiException(ProblemType.INVALID_INPUT, "The upload could not be read.",
                    List.of(new FieldError("body", "could not be read")));
        } catch (NoSuchAlgorithmException e) {
            deleteQuietly(file);
            throw new IllegalStateException(e);
        }
    }

    /** The synchronous import's 400 for a wrong or missing header, before any job is recorded. */
    private static void checkHeader(Path file) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8))) {
            FilingImport.checkHeader(new CsvReader(reader, FilingImport.MAX_RECORD_CHARS).next());
        } catch (IOException e) {
            throw ApiException.invalid("body", "could not be read as UTF-8 CSV");
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("import job: spool file %s not deleted (%s)", file, e.getMessage());
            }
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Counts the bytes the import has read from the spool file. */
    private static final class Counting extends FilterInputStream {
        private final AtomicLong count;

        Counting(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
