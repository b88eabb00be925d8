package cn.ebike.registration.importer;

import cn.ebike.registration.config.RegistrationConfig;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.problem.FieldError;
import cn.ebike.common.problem.ProblemType;
import cn.ebike.common.http.BodyLimits;
import cn.ebike.common.problem.BodyTooLargeException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.http.LimitedInputStream;
import cn.ebike.common.validation.FrameNumber;
import cn.ebike.common.validation.HostileText;
import cn.ebike.common.validation.IdNumber;
import cn.ebike.common.validation.ChinaTime;
import cn.ebike.common.validation.MobilePhone;
import cn.ebike.registration.owner.OwnerService;
import cn.ebike.registration.pii.PiiCrypto;
import cn.ebike.registration.plate.PlateNumbers;
import cn.ebike.registration.particulars.BatteryType;
import cn.ebike.registration.particulars.MotorNumbers;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Bulk import of filed non-standard bikes (备案非标) from CSV.
 * <ul>
 * <li>Streaming: the body is parsed record by record ({@link CsvReader}); only one chunk of rows is in
 * memory, plus at most {@code max-reported-errors} error entries.</li>
 * <li>Each chunk (default 2,000 rows) is validated with the same identifier rules as the JSON API, then
 * written by {@link ImportChunkWriter} with a handful of set-based statements ({@code INSERT ... SELECT
 * FROM unnest(arrays) ON CONFLICT DO NOTHING}) and committed on its own: a failure later in the file
 * keeps the chunks before it, and re-running the file finishes the job (stored rows are skipped). Chunks are
 * written side by side on the application's {@link ManagedExecutor}, at most {@code writers} at a time
 * ({@link ChunkWriters}).</li>
 * <li>Good rows are kept, bad rows reported by line and field; a frame number already stored (or seen
 * earlier in the file) is {@code skipped}, so importing the same file twice changes nothing.</li>
 * </ul>
 */
@ApplicationScoped
public class FilingImport {

    /** the upload endpoint: its body limit is ebike.limits.upload-body-bytes (64 MiB) */
    public static final String IMPORT_PATH = "/api/vehicles/import";

    private static final Logger LOG = Logger.getLogger(FilingImport.class);

    public static final List<String> HEADER = List.of("frameNumber", "motorNumber", "brand", "model", "batteryType",
            "ownerName", "ownerIdNumber", "ownerPhone", "filedAt", "plateNumber");
    /** the optional last column: the district the bike is counted in (default: registration.district.default) */
    public static final String DISTRICT = "district";
    static final int MAX_RECORD_CHARS = 4096;
    private static final Pattern MOTOR_NUMBER = Pattern.compile(MotorNumbers.PATTERN);
    private static final Pattern NAME = Pattern.compile(OwnerService.NAME_PATTERN);

    private final DataSource dataSource;

    /** the container's executor (Quarkus' worker pool): no thread pool is created per import */
    private final ManagedExecutor executor;

    private final PiiCrypto crypto;

    private final BodyLimits limits;

    private final RegistrationConfig config;

    private final Caller caller;

    public FilingImport(DataSource dataSource, ManagedExecutor executor, PiiCrypto crypto, BodyLimits limits,
            RegistrationConfig config, Caller caller) {
        this.dataSource = dataSource;
        this.executor = executor;
        this.crypto = crypto;
        this.limits = limits;
        this.config = config;
        this.caller = caller;
    }

    public ImportResult run(InputStream body) {
        return run(body, caller.subject(), caller.role(), newReport());
    }

    /** An empty report; an import job reads its counters while the import runs. */
    Report newReport() {
        return new Report(config.importer().maxReportedErrors());
    }

    /**
     * The import as {@link #run(InputStream)}, for a caller named explicitly (an import job runs after its request
     * ended) and into a report the caller holds, whose counters move while the file is read.
     */
    ImportResult run(InputStream body, String subject, String role, Report report) {
        if (body == null) {
            throw ApiException.invalid("header", "the body is empty; expected the header " + String.join(",", HEADER));
        }
        long started = System.nanoTime();
        ImportChunkWriter writer = new ImportChunkWriter(crypto, subject, role);
        int chunkSize = Math.max(1, config.importer().chunkSize());
        int writers = Math.max(1, config.importer().writers());
        ChunkWriters writes = new ChunkWriters(executor, writers);
        long lastLine = 1;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new LimitedInputStream(body, limits.limitFor(IMPORT_PATH)), StandardCharsets.UTF_8), 1 << 16)) {
            CsvReader csv = new CsvReader(reader, MAX_RECORD_CHARS);
            int columns = checkHeader(csv.next());
            LocalDate today = ChinaTime.today();
            Instant now = Instant.now();
            FileOrder order = new FileOrder();
            List<ImportRow> chunk = new ArrayList<>(chunkSize);
            for (CsvReader.Row row = csv.next(); row != null && writes.failure() == null; row = csv.next()) {
                lastLine = row.line();
                report.row();
                ImportRow parsed = parse(row, columns, today, now, report);
                if (parsed != null && order.admit(parsed, report)) {
                    chunk.add(parsed);
                    if (chunk.size() == chunkSize) {
                        submit(writes, writer, chunk, report);
                        chunk = new ArrayList<>(chunkSize);
                    }
                }
            }
            if (!chunk.isEmpty() && writes.failure() == null) {
                submit(writes, writer, chunk, report);
            }
            finish(writes);
        } catch (BodyTooLargeException e) {
            finishQuietly(writes);
            throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE, "The file is larger than "
                    + e.limitBytes() + " bytes; rows before line " + lastLine + " were processed ("
                    + report.imported + " imported). Split the file and import the rest.", List.of());
        } catch (IOException e) {
            finishQuietly(writes);
            throw new ApiException(ProblemType.INVALID_INPUT, "The upload could not be read after line "
                    + lastLine + " (" + report.imported + " rows imported before it).",
                    List.of(new FieldError("body", "could not be read as UTF-8 CSV")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writes.abandon();
            throw ApiException.unavailable("The import was interrupted; import the same file again to finish.");
        } finally {
            // after an unexpected error nothing more is written; on the normal path every chunk is done already
            writes.abandon();
        }
        Throwable failed = writes.failure();
        if (failed != null) {
            LOG.errorf(failed, "import failed near line %d", lastLine);
            throw new ApiException(ProblemType.INTERNAL_ERROR, "The import stopped near line " + lastLine
                    + " (" + report.imported + " rows imported before it); import the same file again to finish: "
                    + "stored rows are skipped.", List.of());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < ImportChunkWriter.STEPS.length; i++) {
            steps.append(i == 0 ? "" : ", ").append(ImportChunkWriter.STEPS[i]).append(' ')
                    .append(String.format("%.1f s", writer.nanos.get(i) / 1e9));
        }
        LOG.infof("import: %d rows, %d imported, %d skipped, %d rejected, %d owners created, %d plates in %.1f s "
                + "with %d writers (time per step, summed over writers: %s)", report.rows, report.imported,
                report.skipped, report.rejected, report.ownersCreated, report.platesIssued, seconds, writers, steps);
        return report.result();
    }

    private void submit(ChunkWriters writes, ImportChunkWriter writer, List<ImportRow> chunk, Report report)
            throws InterruptedException {
        writes.submit(() -> report.merge(writer.write(dataSource, chunk)));
    }

    /** Waits for the chunks in flight: an answer is given only once every accepted chunk is committed. */
    private static void finish(ChunkWriters writes) throws InterruptedException {
        writes.await(() -> LOG.debug("import: waiting for the writers"));
    }

    /** The counts reported after a failed upload must include the chunks still being written. */
    private static void finishQuietly(ChunkWriters writes) {
        try {
            finish(writes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Settles, in file order and before any chunk is written, which row of the file gets a frame number
     * or plate number named twice: the first valid one. Later duplicates of a frame number are skipped,
     * of a plate number rejected. Chunks can then be written side by side with the same result as one
     * after the other.
     */
    static final class FileOrder {
        private final LongHashSet frames = new LongHashSet();
        private final LongHashSet plates = new LongHashSet();

        boolean admit(ImportRow row, Report report) {
            long frame = LongHashSet.fingerprint(row.frameNumber);
            if (!frames.add(frame)) {
                report.skippedRow();
                return false;
            }
            if (row.plateNumber != null && !plates.add(LongHashSet.fingerprint(row.plateNumber))) {
                frames.remove(frame);
                report.reject(row.line, "plateNumber", "is given to an earlier row of this file");
                return false;
            }
            return true;
        }
    }

    /**
     * The header is {@link #HEADER}, optionally followed by {@code district}; returns the number of columns.
     */
    static int checkHeader(CsvReader.Row header) {
        List<String> names = header == null ? List.of() : header.fields().stream().map(String::trim).toList();
        if (HEADER.equals(names)) {
            return HEADER.size();
        }
        if (names.size() == HEADER.size() + 1 && HEADER.equals(names.subList(0, HEADER.size()))
                && DISTRICT.equals(names.get(HEADER.size()))) {
            return HEADER.size() + 1;
        }
        throw ApiException.invalid("header", "the first line must be exactly " + String.join(",", HEADER)
                + " (optionally followed by ," + DISTRICT + ")");
    }


    /** Validates one record; reports every bad field and returns null for a rejected row. */
    ImportRow parse(CsvReader.Row row, int columns, LocalDate today, Instant now, Report report) {
        long line = row.line();
        List<String> f = row.fields();
        if (row.tooLong()) {
            report.reject(line, "row", "is longer than " + MAX_RECORD_CHARS + " characters");
            return null;
        }
        if (f.size() != columns) {
            report.reject(line, "row", "has " + f.size() + " columns; expected " + columns);
            return null;
        }
        int before = report.errorCount();
        ImportRow r = new ImportRow();
        r.line = line;
        r.frameNumber = FrameNumber.normalise(f.get(0));
        check(report, line, "frameNumber", r.frameNumber.isEmpty() ? "is required" : FrameNumber.problemForFiled(r.frameNumber));
        r.motorNumber = f.get(1).trim().toUpperCase(Locale.ROOT);
        check(report, line, "motorNumber", r.motorNumber.isEmpty() ? "is required"
                : r.motorNumber.length() > MotorNumbers.MAX_LENGTH || !MOTOR_NUMBER.matcher(r.motorNumber).matches()
                        ? MotorNumbers.MESSAGE : null);
        r.brand = f.get(2).trim();
        check(report, line, "brand", text(r.brand, 64));
        r.model = f.get(3).trim();
        check(report, line, "model", text(r.model, 64));
        r.batteryType = f.get(4).trim().toUpperCase(Locale.ROOT);
        check(report, line, "batteryType", isBatteryType(r.batteryType) ? null : "must be LEAD_ACID or LITHIUM");
        r.ownerName = f.get(5).trim();
        check(report, line, "ownerName", r.ownerName.isEmpty() ? "is required"
                : r.ownerName.length() > 50 ? "must be at most 50 characters"
                : NAME.matcher(r.ownerName).matches() ? null : OwnerService.NAME_MESSAGE);
        r.idNumber = IdNumber.normalise(f.get(6));
        check(report, line, "ownerIdNumber", IdNumber.problem(r.idNumber, today));
        r.phone = MobilePhone.normalise(f.get(7));
        check(report, line, "ownerPhone", MobilePhone.problem(r.phone));
        r.filedAt = filedAt(f.get(8).trim());
        check(report, line, "filedAt", r.filedAt == null
                ? "must be a date (2024-03-15, China time) or an RFC 3339 time"
                : r.filedAt.isAfter(now) ? "must not be in the future" : null);
        String plate = f.get(9).trim();
        r.plateNumber = plate.isEmpty() ? null : plate.toUpperCase(Locale.ROOT);
        if (r.plateNumber != null) {
            check(report, line, "plateNumber", PlateNumbers.problem(r.plateNumber));
        }
        String district = columns > HEADER.size() ? f.get(HEADER.size()).trim() : "";
        if (district.isEmpty()) {
            r.district = config.district().defaultDistrict();
        } else {
            r.district = district;
            check(report, line, DISTRICT, district.length() > 100 ? "must be at most 100 characters"
                    : HostileText.problem(district, false));
        }
        if (report.errorCount() > before) {
            report.rejectedRow();
            return null;
        }
        r.idHash = crypto.hash(OwnerService.ID_NUMBER, r.idNumber);
        return r;
    }

    private static String text(String value, int max) {
        if (value.isEmpty()) {
            return "is required";
        }
        // NUL and other control characters, bidi overrides and < > are refused here as in every JSON body
        String hostile = cn.ebike.common.validation.HostileText.problem(value, false);
        if (hostile != null) {
            return hostile;
        }
        return value.length() > max ? "must be at most " + max + " characters" : null;
    }

    private static boolean isBatteryType(String value) {
        for (BatteryType type : BatteryType.values()) {
            if (type.name().equals(value)) {
                return true;
            }
        }
        return false;
    }

    static Instant filedAt(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ChinaTime.ZONE).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static void check(Report report, long line, String field, String problem) {
        if (problem != null) {
            report.error(line, field, problem);
        }
    }

    /** Counters and the (capped) error list of one import; updated by the parser and the writer threads. */
    static final class Report {
        final int maxErrors;
        final List<ImportError> errors = new ArrayList<>();
        long rows;
        long imported;
        long skipped;
        long rejected;
        long ownersCreated;
        long platesIssued;
        long errorsOmitted;
        int errorCount;

        Report(int maxErrors) {
            this.maxErrors = maxErrors;
        }

        synchronized void row() {
            rows++;
        }

        synchronized void merge(ImportChunkWriter.Outcome outcome) {
            imported += outcome.imported;
            skipped += outcome.skipped;
            ownersCreated += outcome.ownersCreated;
            platesIssued += outcome.platesIssued;
            // a row may carry several errors (owner-mismatch on name and phone): it is rejected once
            java.util.Set<Long> lines = new java.util.HashSet<>();
            for (ImportError e : outcome.errors) {
                error(e.line(), e.field(), e.message());
                if (lines.add(e.line())) {
                    rejected++;
                }
            }
        }

        synchronized void error(long line, String field, String message) {
            errorCount++;
            if (errors.size() < maxErrors) {
                errors.add(new ImportError(line, field, message));
            } else {
                errorsOmitted++;
            }
        }

        synchronized void reject(long line, String field, String message) {
            error(line, field, message);
            rejected++;
        }

        synchronized void skippedRow() {
            skipped++;
        }

        synchronized int errorCount() {
            return errorCount;
        }

        synchronized void rejectedRow() {
            rejected++;
        }

        synchronized ImportResult result() {
            List<ImportError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparingLong(ImportError::line));
            return new ImportResult(imported, skipped, rejected, sorted, errorsOmitted, rows, ownersCreated,
                    platesIssued);
        }
    }
}
