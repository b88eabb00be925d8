package cn.ebike.registration.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.registration.plate.PlateNumbers;
import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.TestData;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Import jobs ({@code POST /api/vehicles/imports}): the import runs in the background and reports its progress.
 * To see it mid-way deterministically, the test holds the plate-number lock exclusively (what a plate assignment
 * does): every chunk writer waits for it, so the job stays RUNNING with rows read and none imported until the
 * test lets go. The test profile writes chunks of 3 rows.
 */
@QuarkusTest
class ImportJobApiTest {

    private static final String HEADER =
            "frameNumber,motorNumber,brand,model,batteryType,ownerName,ownerIdNumber,ownerPhone,filedAt,plateNumber\n";

    @Inject
    DataSource dataSource;

    private static String goodRow() {
        return TestData.filedFrame() + ",MOT" + TestData.digits(6) + ",绿源,TDR-" + TestData.digits(2) + ",LEAD_ACID,陈大文,"
                + TestData.idNumber() + "," + TestData.phone() + ",2023-11-05,\n";
    }

    private static Response start(String token, String csv) {
        return Api.as(token).contentType("text/csv; charset=UTF-8").body(csv).post("/api/vehicles/imports");
    }

    private static JsonPath job(String token, String id) {
        return Api.as(token).get("/api/vehicles/imports/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath await(String id, Predicate<JsonPath> until, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonPath last = null;
        while (Instant.now().isBefore(deadline)) {
            last = job(Tokens.regulator(), id);
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the job never showed " + what + "; last: " + (last == null ? null : last.prettify()));
    }

    private static long plateLock() throws ReflectiveOperationException {
        Field lock = PlateNumbers.class.getDeclaredField("PLATE_NUMBER_LOCK");
        lock.setAccessible(true);
        return lock.getLong(null);
    }

    @Test
    void progressIsReportedWhileTheImportRunsThenTheErrorsByLineAsJsonAndCsv() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 40; i++) {                                                       // lines 2..41
            csv.append(goodRow());
        }
        csv.append(TestData.filedFrame()).append(",M1,b,m,DIESEL,王五,").append(TestData.idNumber()).append(',')
                .append(TestData.phone()).append(",2023-01-01,\n");                           // line 42: batteryType
        csv.append("only,three,columns\n");                                                   // line 43: row
        long totalBytes = csv.toString().getBytes(StandardCharsets.UTF_8).length;

        String id;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)::text")) {
                ps.setLong(1, plateLock());
                ps.execute();
            }
            Response started = start(Tokens.regulator(), csv.toString());
            started.then().statusCode(202).body("status", equalTo("RUNNING"));
            id = started.jsonPath().getString("id");
            assertThat(started.header("Location")).endsWith("/api/vehicles/imports/" + id);
            assertThat(started.jsonPath().getLong("totalBytes")).isEqualTo(totalBytes);

            // the file is being read, the writers wait for the lock: progress without imports
            JsonPath midway = await(id, j -> j.getLong("rowsProcessed") > 0 && j.getLong("bytesRead") > 0,
                    "rows processed");
            assertThat(midway.getString("status")).isEqualTo("RUNNING");
            assertThat(midway.getLong("rowsImported")).isZero();
            assertThat(midway.getLong("rowsProcessed")).isLessThan(42);
            c.rollback();
        }

        JsonPath done = await(id, j -> !"RUNNING".equals(j.getString("status")), "its end");
        assertThat(done.getString("status")).isEqualTo("DONE");
        assertThat(done.getString("reason")).isNull();
        assertThat(done.getLong("rowsProcessed")).isEqualTo(42);
        assertThat(done.getLong("rowsImported")).isEqualTo(40);
        assertThat(done.getLong("rowsRejected")).isEqualTo(2);
        assertThat(done.getLong("errorCount")).isEqualTo(2);
        assertThat(done.getLong("bytesRead")).isEqualTo(totalBytes);
        assertThat(done.getString("finishedAt")).isNotNull();

        JsonPath errors = Api.as(Tokens.regulator()).get("/api/vehicles/imports/" + id + "/errors")
                .then().statusCode(200).extract().jsonPath();
        assertThat(errors.getLong("total")).isEqualTo(2);
        List<Map<String, Object>> items = errors.getList("items");
        assertThat(items).extracting(e -> e.get("line") + ":" + e.get("field")).containsExactly("42:batteryType", "43:row");
        JsonPath second = Api.as(Tokens.regulator()).queryParam("size", 1).queryParam("page", 1)
                .get("/api/vehicles/imports/" + id + "/errors").then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("items")).hasSize(1);
        assertThat(second.getLong("total")).isEqualTo(2);
        assertThat(second.getInt("items[0].line")).isEqualTo(43);

        Response file = Api.as(Tokens.regulator()).queryParam("format", "csv")
                .get("/api/vehicles/imports/" + id + "/errors");
        file.then().statusCode(200);
        assertThat(file.contentType()).startsWith("text/csv");
        byte[] bytes = file.asByteArray();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("line,field,message");
        assertThat(lines.get(1)).startsWith("42,batteryType,");
        assertThat(lines.get(2)).startsWith("43,row,");
        assertThat(file.header("Content-Disposition")).contains("import-" + id);

        // the imported bikes are there
        assertThat(Api.as(Tokens.regulator()).queryParam("frameNumber", csv.substring(HEADER.length(),
                        HEADER.length() + 17)).get("/api/vehicles").then().statusCode(200).extract().jsonPath()
                .getLong("total")).isEqualTo(1);
    }

    @Test
    void onlyTheUploaderReadsAJobEveryoneElseGets404() throws Exception {
        String id = start(Tokens.regulator(), HEADER + goodRow()).then().statusCode(202).extract().path("id");
        await(id, j -> "DONE".equals(j.getString("status")), "DONE");
        String otherRegulator = Tokens.sign(Tokens.claims("regulator-2", "REGULATOR"));
        String dealer = Tokens.dealer(UUID.randomUUID());
        for (String token : List.of(otherRegulator, dealer)) {
            Api.as(token).get("/api/vehicles/imports/" + id).then().statusCode(404);
            Api.as(token).get("/api/vehicles/imports/" + id + "/errors").then().statusCode(404);
            Api.as(token).queryParam("format", "csv").get("/api/vehicles/imports/" + id + "/errors").then().statusCode(404);
        }
        Api.as(Tokens.owner(UUID.randomUUID().toString())).get("/api/vehicles/imports/" + id).then().statusCode(403);
        Api.as(Tokens.regulator()).get("/api/vehicles/imports/" + UUID.randomUUID()).then().statusCode(404);
        Api.as(Tokens.regulator()).get("/api/vehicles/imports/not-a-uuid").then().statusCode(404);
        // uploading is the regulators', as the synchronous import
        start(dealer, HEADER + goodRow()).then().statusCode(403);
        start(Tokens.owner(UUID.randomUUID().toString()), HEADER + goodRow()).then().statusCode(403);
    }

    @Test
    void aWrongHeaderIsRefusedAtOnceAndNoJobIsRecorded() throws Exception {
        String subject = "regulator-header-" + UUID.randomUUID();
        String token = Tokens.sign(Tokens.claims(subject, "REGULATOR"));
        start(token, "frame,motor\n" + goodRow()).then().statusCode(400)
                .body("errors[0].field", equalTo("header"));
        start(token, "").then().statusCode(400);
        assertThat(jobsOf(subject)).isZero();
    }

    @Test
    void theSameIdempotencyKeyReplaysTheJobInsteadOfImportingTwice() throws Exception {
        String subject = "regulator-idem-" + UUID.randomUUID();
        String token = Tokens.sign(Tokens.claims(subject, "REGULATOR"));
        String csv = HEADER + goodRow();
        Response first = Api.as(token).header("Idempotency-Key", "job-1").contentType("text/csv; charset=UTF-8")
                .body(csv).post("/api/vehicles/imports");
        first.then().statusCode(202);
        Response again = Api.as(token).header("Idempotency-Key", "job-1").contentType("text/csv; charset=UTF-8")
                .body(csv).post("/api/vehicles/imports");
        again.then().statusCode(202).header("Idempotent-Replayed", "true");
        assertThat(again.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
        Api.as(token).header("Idempotency-Key", "job-1").contentType("text/csv; charset=UTF-8")
                .body(HEADER + goodRow()).post("/api/vehicles/imports").then().statusCode(409);
        assertThat(jobsOf(subject)).isEqualTo(1);
    }

    @Test
    void aJobWhoseInstanceStoppedIsReportedFailedInterruptedOnceItsHeartbeatIsStale() throws Exception {
        // jobs of another (dead or living) instance: rows only, as that instance would have left them
        UUID dead = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        insertRunning(dead, Instant.now().minusSeconds(120));
        insertRunning(alive, Instant.now().minusSeconds(20));

        JsonPath interrupted = job(Tokens.regulator(), dead.toString());
        assertThat(interrupted.getString("status")).isEqualTo("FAILED");
        assertThat(interrupted.getString("reason")).isEqualTo("INTERRUPTED");
        assertThat(interrupted.getString("finishedAt")).isNotNull();
        assertThat(interrupted.getLong("rowsProcessed")).isEqualTo(7);
        assertThat(statusInDatabase(dead)).isEqualTo("FAILED");

        // a heartbeat 20 s old is within job-stale-after (60 s): still running somewhere
        JsonPath running = job(Tokens.regulator(), alive.toString());
        assertThat(running.getString("status")).isEqualTo("RUNNING");
        assertThat(running.getString("reason")).isNull();
        assertThat(statusInDatabase(alive)).isEqualTo("RUNNING");
    }

    private void insertRunning(UUID id, Instant heartbeat) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO import_jobs (id, created_by, created_role,"
                        + " status, total_bytes, sha256, bytes_read, rows_processed, instance_id, created_at,"
                        + " heartbeat_at) VALUES (?, 'regulator-1', 'REGULATOR', 'RUNNING', 1000, ?, 300, 7,"
                        + " 'another-instance', ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, "0".repeat(64));
            ps.setTimestamp(3, Timestamp.from(heartbeat.minusSeconds(5)));
            ps.setTimestamp(4, Timestamp.from(heartbeat));
            ps.executeUpdate();
        }
    }

    private String statusInDatabase(UUID id) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT status FROM import_jobs WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private long jobsOf(String subject) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM import_jobs WHERE created_by = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
