package cn.ebike.registration.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.FakeGateway;
import cn.ebike.registration.support.TestData;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 1 (owner capture): a dealer who enters someone's ID number with the dealer's own phone before
 * the filing import does not become that bike's owner. The import rejects the row ({@code owner-mismatch});
 * a regulator corrects the owner (reason required, audited) and the owner's sessions end at the gateway.
 */
@QuarkusTest
@QuarkusTestResource(FakeGateway.class)
class OwnerCaptureTest {

    private static final String HEADER =
            "frameNumber,motorNumber,brand,model,batteryType,ownerName,ownerIdNumber,ownerPhone,filedAt,plateNumber\n";

    @Inject
    DataSource dataSource;

    private static String row(String frame, String name, String idNumber, String phone) {
        return frame + ",MOT" + TestData.digits(6) + ",绿源,TDR-1,LEAD_ACID," + name + "," + idNumber + "," + phone
                + ",2023-11-01,\n";
    }

    private static JsonPath importCsv(String csv) {
        return Api.as(Tokens.regulator()).contentType("text/csv; charset=UTF-8").body(csv).post("/api/vehicles/import")
                .then().statusCode(200).extract().jsonPath();
    }

    private List<String> audit(String ownerId, String action) throws Exception {
        List<String> details = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(detail, '') || ' | role ' || coalesce(actor_role, '') FROM audit_entries"
                        + " WHERE object_type = 'OWNER' AND object_id = ? AND action = ? ORDER BY at")) {
            ps.setString(1, ownerId);
            ps.setString(2, action);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    details.add(rs.getString(1));
                }
            }
        }
        return details;
    }

    private long vehiclesWithFrame(String frame) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM vehicles WHERE frame_number = ?")) {
            ps.setString(1, frame);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aDealersEarlierEntryNeverSilentlyWinsTheFilingAndARegulatorCorrectsTheOwner() throws Exception {
        String idNumber = TestData.idNumber();
        String realPhone = "139" + TestData.digits(8);
        String dealerPhone = "137" + TestData.digits(8);
        UUID dealer = UUID.randomUUID();
        // the dealer saw the ID card and enters the owner with its own phone and a wrong name
        String ownerId = Api.json(Tokens.dealer(dealer)).body(Api.ownerBody("李四", idNumber, dealerPhone))
                .post("/api/owners").then().statusCode(201).extract().path("id");
        assertThat(audit(ownerId, "OWNER_CREATED")).singleElement().asString()
                .contains("entered by dealer " + dealer).contains("role DEALER");

        // the filing names the real owner: both differences are line errors, nothing is imported for the row
        String frame = TestData.filedFrame();
        String goodFrame = TestData.filedFrame();
        JsonPath result = importCsv(HEADER + row(frame, "张三", idNumber, realPhone)
                + row(goodFrame, "王五", TestData.idNumber(), TestData.phone()));
        assertThat(result.getLong("imported")).isEqualTo(1);
        assertThat(result.getLong("rejected")).isEqualTo(1);
        List<Map<String, Object>> errors = result.getList("errors");
        assertThat(errors).extracting(e -> e.get("line") + " " + e.get("field")).containsExactlyInAnyOrder(
                "2 ownerName", "2 ownerPhone");
        assertThat(errors).allSatisfy(e -> assertThat(e.get("message").toString()).startsWith("owner-mismatch"));
        assertThat(vehiclesWithFrame(frame)).isZero();
        assertThat(vehiclesWithFrame(goodFrame)).isEqualTo(1);

        // only a difference in the phone is a mismatch too
        JsonPath phoneOnly = importCsv(HEADER + row(frame, "李四", idNumber, realPhone));
        assertThat(phoneOnly.getList("errors.field")).containsExactly("ownerPhone");

        // a regulator corrects the owner: reason required
        Api.json(Tokens.regulator()).body(Map.of("name", "张三", "phone", realPhone)).patch("/api/owners/" + ownerId)
                .then().statusCode(400).body("errors.field", hasItem("reason"));
        int before = FakeGateway.REVOCATIONS.size();
        Api.json(Tokens.regulator()).body(Map.of("name", "张三", "phone", realPhone, "reason", "备案信息为准，经销商录入有误"))
                .patch("/api/owners/" + ownerId).then().statusCode(200)
                .body("id", equalTo(ownerId)).body("name", equalTo("张*"))
                .body("phone", equalTo("139****" + realPhone.substring(7)));
        assertThat(audit(ownerId, "OWNER_CORRECTED")).singleElement().asString()
                .contains("changed: name, phone").contains("entered by dealer " + dealer)
                .contains("reason: 备案信息为准，经销商录入有误").contains("role REGULATOR")
                .doesNotContain(realPhone).doesNotContain(dealerPhone);

        // the owner's sessions end at the gateway (registration's own SERVICE token)
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (FakeGateway.REVOCATIONS.size() == before && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(FakeGateway.REVOCATIONS.subList(before, FakeGateway.REVOCATIONS.size()))
                .contains("{\"subject\":\"" + ownerId + "\"}");

        // the real phone now finds the owner; the dealer's does not
        Api.json(Tokens.service()).body(Map.of("phone", realPhone)).post("/api/owners/lookup").then().statusCode(200)
                .body("id", equalTo(ownerId));
        Api.json(Tokens.service()).body(Map.of("phone", dealerPhone)).post("/api/owners/lookup").then().statusCode(404);

        // and the filing now goes in, for the corrected owner
        JsonPath again = importCsv(HEADER + row(frame, "张三", idNumber, realPhone));
        assertThat(again.getLong("imported")).isEqualTo(1);
        assertThat(again.getList("errors")).isEmpty();
    }

    @Test
    void rowsOfOneFileThatDisagreeAboutAPersonAreRejected() {
        String idNumber = TestData.idNumber();
        String phone = TestData.phone();
        JsonPath result = importCsv(HEADER + row(TestData.filedFrame(), "张三", idNumber, phone)
                + row(TestData.filedFrame(), "张三", idNumber, phone)
                + row(TestData.filedFrame(), "赵六", idNumber, phone));
        assertThat(result.getLong("imported")).isEqualTo(2);
        assertThat(result.getLong("rejected")).isEqualTo(1);
        assertThat(result.getList("errors.line", Integer.class)).containsExactly(4);
        assertThat(result.getList("errors.field")).containsExactly("ownerName");
    }

    @Test
    void aRegulatorOwnsTheCorrection() {
        String ownerId = Api.newOwner();
        Map<String, Object> body = Map.of("phone", TestData.phone(), "reason", "复核");
        Api.json(Tokens.dealer(UUID.randomUUID())).body(body).patch("/api/owners/" + ownerId).then().statusCode(403);
        Api.json(Tokens.owner(ownerId)).body(body).patch("/api/owners/" + ownerId).then().statusCode(403);
        Api.json(Tokens.admin()).body(body).patch("/api/owners/" + ownerId).then().statusCode(403);
        Api.json(Tokens.service()).body(body).patch("/api/owners/" + ownerId).then().statusCode(403);
        io.restassured.RestAssured.given().contentType("application/json").body(body).patch("/api/owners/" + ownerId)
                .then().statusCode(401);
        Api.json(Tokens.regulator()).body(body).patch("/api/owners/" + UUID.randomUUID()).then().statusCode(404);
        Api.json(Tokens.regulator()).body(body).patch("/api/owners/not-a-uuid").then().statusCode(404);
    }

    @Test
    void aCorrectionNeedsSomethingToCorrectAndCleanText() {
        String ownerId = Api.newOwner();
        Api.json(Tokens.regulator()).body(Map.of("reason", "复核")).patch("/api/owners/" + ownerId).then()
                .statusCode(400).body("type", equalTo("https://ebike.local/problems/invalid-input"));
        Api.json(Tokens.regulator()).body(Map.of("phone", "12345", "name", "A<b>", "reason", "x\u0000y"))
                .patch("/api/owners/" + ownerId).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("phone", "name", "reason"));
    }

    @Test
    void aRevocationTheGatewayRefusesIsRetriedUntilDelivered() throws Exception {
        String ownerId = Api.newOwner();
        FakeGateway.failNext(2);
        Api.json(Tokens.regulator()).body(Map.of("phone", TestData.phone(), "reason", "本人到场更正手机号"))
                .patch("/api/owners/" + ownerId).then().statusCode(200);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String expected = "{\"subject\":\"" + ownerId + "\"}";
        while (!FakeGateway.REVOCATIONS.contains(expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(FakeGateway.REVOCATIONS).contains(expected);
        // the gateway has the call before the relay commits the delivery: wait for the row, not for the call
        int attempts = 0;
        boolean delivered = false;
        while (!delivered && Instant.now().isBefore(deadline)) {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT attempts, delivered_at IS NOT NULL FROM session_revocations WHERE subject = ?")) {
                ps.setString(1, ownerId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    attempts = rs.getInt(1);
                    delivered = rs.getBoolean(2);
                }
            }
            if (!delivered) {
                Thread.sleep(100);
            }
        }
        assertThat(delivered).isTrue();
        assertThat(attempts).isGreaterThanOrEqualTo(3);
    }
}
