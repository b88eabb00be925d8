package cn.ebike.tradein.supervision;

import static cn.ebike.tradein.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.ebike.tradein.support.Api;
import cn.ebike.common.testing.Db;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import cn.ebike.tradein.tradein.RefusedAttemptRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's remnants: refused fraud attempts count in the grade, a dealer not inspected for 12 months is marked
 * unverified instead of passing for a clean A, and the daily regrade moves grades when failures age out or conduct
 * is recorded — one instance at a time.
 */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class CreditConductTest {

    @Inject
    DataSource dataSource;

    @Inject
    SupervisionService supervision;

    private Db db() {
        return new Db(dataSource);
    }

    private void refused(UUID dealer, String kind, String at) {
        db().update("INSERT INTO refused_attempts (id, at, kind, dealer_id, trade_in_id, subject, detail) "
                + "VALUES (gen_random_uuid(), now() - cast(? AS interval), ?, ?, gen_random_uuid(), 'R-1', 'test')",
                at, kind, dealer);
    }

    @Test
    void aDealerNeverInspectedIsUnverifiedOnItsCardAndCreditUntilInspected() {
        UUID dealer = Api.activeDealer();
        given().get("/api/dealers/" + dealer + "/public").then().statusCode(200)
                .body("verified", equalTo(false))
                .body("reasons[0]", equalTo("近12个月尚无检查记录，等级未经现场检查核实"));
        as(Tokens.regulator()).get("/api/dealers/" + dealer + "/credit").then().statusCode(200)
                .body("verified", equalTo(false));
        SupervisionTest.record(dealer, SupervisionTest.inspection(List.of(), List.of()));
        given().get("/api/dealers/" + dealer + "/public").then().statusCode(200)
                .body("verified", equalTo(true)).body("grade", equalTo("A"))
                .body("reasons[0]", equalTo("近12个月检查全部合格"));
        as(Tokens.dealer(dealer)).get("/api/dealers/" + dealer + "/credit").then().statusCode(200)
                .body("verified", equalTo(true));
    }

    @Test
    void refusedAttemptsOfTheLastTwelveMonthsCostFifteenEach() {
        UUID dealer = Api.activeDealer();
        SupervisionTest.record(dealer, SupervisionTest.inspection(List.of(), List.of()));
        refused(dealer, RefusedAttemptRepository.RECEIPT_ALREADY_USED, "1 day");
        refused(dealer, RefusedAttemptRepository.NEW_VEHICLE_NOT_BOUGHT, "200 days");
        // older than 12 months: no longer counted
        refused(dealer, RefusedAttemptRepository.RECEIPT_ALREADY_USED, "400 days");
        as(Tokens.regulator()).get("/api/dealers/" + dealer + "/credit").then().statusCode(200)
                .body("score", equalTo(70)).body("grade", equalTo("C")).body("measure", equalTo("FOCUS"))
                .body("reasons", hasItem("近12个月有2次违规申报被拒绝（重复使用回收凭证或以非本次购买的车辆充作新车），扣30分"));
    }

    @Test
    void theDailyRegradeLetsFailuresAgeOutAndCountsConductRecordedSince() {
        // grade D from an inspection: suspended at once
        UUID aged = SupervisionTest.authorizedDealer();
        SupervisionTest.record(aged, SupervisionTest.inspection(List.of("CCC_CERTIFIED", "NO_MODIFICATION"), List.of()));
        assertThat(db().text("SELECT credit_grade FROM dealers WHERE id = ?", aged)).isEqualTo("D");
        // thirteen months later the failures are out of the window; nothing happened to regrade it on an event
        db().update("UPDATE inspections SET inspected_at = inspected_at - interval '400 days' WHERE dealer_id = ?", aged);
        assertThat(db().text("SELECT credit_grade FROM dealers WHERE id = ?", aged)).isEqualTo("D");

        // a clean, authorised dealer whose refused attempts were recorded since its last grading
        UUID refusing = SupervisionTest.authorizedDealer();
        SupervisionTest.record(refusing, SupervisionTest.inspection(List.of(), List.of()));
        for (int i = 0; i < 3; i++) {
            refused(refusing, RefusedAttemptRepository.RECEIPT_ALREADY_USED, i + " hours");
        }
        assertThat(db().text("SELECT credit_grade FROM dealers WHERE id = ?", refusing)).isEqualTo("A");

        assertThat(supervision.regradeAll()).isGreaterThanOrEqualTo(2);

        assertThat(db().text("SELECT credit_grade FROM dealers WHERE id = ?", aged)).isEqualTo("A");
        assertThat(db().count("SELECT credit_score FROM dealers WHERE id = ?", aged)).isEqualTo(100);
        as(Tokens.regulator()).get("/api/dealers/" + aged + "/credit").then().statusCode(200)
                .body("grade", equalTo("A")).body("verified", equalTo(false));
        assertThat(db().count("SELECT count(*) FROM audit_entries WHERE object_id = ? AND action = 'CREDIT_GRADED' "
                + "AND actor_name = 'daily-regrade'", aged)).isEqualTo(1);

        // 100 - 3 x 15 = 55: D, and a grade that fell to D suspends the authorisation as any adverse event does
        assertThat(db().text("SELECT credit_grade FROM dealers WHERE id = ?", refusing)).isEqualTo("D");
        assertThat(db().count("SELECT credit_score FROM dealers WHERE id = ?", refusing)).isEqualTo(55);
        assertThat(db().text("SELECT authorized_agent::text FROM dealers WHERE id = ?", refusing)).isEqualTo("false");

        // a second run changes neither
        supervision.regradeAll();
        assertThat(db().text("SELECT credit_grade FROM dealers WHERE id = ?", aged)).isEqualTo("A");
        assertThat(db().count("SELECT count(*) FROM audit_entries WHERE object_id = ? AND action = 'CREDIT_GRADED' "
                + "AND actor_name = 'daily-regrade'", aged)).isEqualTo(1);
    }

    @Test
    void onlyOneInstanceRegradesAtATime() throws Exception {
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(true);
            try (PreparedStatement ps = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, InspectionRepository.REGRADE_LOCK);
                ps.execute();
            }
            // another instance holds the lock: this one skips
            assertThat(supervision.regradeAll()).isEqualTo(-1);
            try (PreparedStatement ps = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, InspectionRepository.REGRADE_LOCK);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).isTrue();
                }
            }
        }
        assertThat(supervision.regradeAll()).isGreaterThanOrEqualTo(0);
    }
}
