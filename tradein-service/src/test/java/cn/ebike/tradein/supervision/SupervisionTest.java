package cn.ebike.tradein.supervision;

import static cn.ebike.tradein.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.ebike.tradein.support.Api;
import cn.ebike.common.testing.Db;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(WireMockResource.class)
class SupervisionTest {

    static final List<String> CODES = List.of("CCC_CERTIFIED", "WITHIN_REGISTERED_SCOPE", "NO_MODIFICATION",
            "NO_TRADEMARK_INFRINGEMENT", "PRICES_MARKED", "NO_PRICE_GOUGING", "COMMITMENT_DISPLAYED");

    @Inject
    DataSource dataSource;

    @Inject
    SupervisionService supervision;

    /** An inspection body: every item passes except {@code failed}; the samples as given. */
    static Map<String, Object> inspection(List<String> failed, List<Map<String, Object>> samples) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (String code : CODES) {
            Map<String, Object> item = new HashMap<>();
            item.put("code", code);
            item.put("passed", !failed.contains(code));
            item.put("note", failed.contains(code) ? "现场发现问题" : "");
            items.add(item);
        }
        return Map.of("inspectedAt", Instant.now().minusSeconds(3600).toString(), "inspector", "市监局 王*",
                "items", items, "samples", samples);
    }

    static Map<String, Object> sample(boolean passed) {
        return Map.of("product", "锂电池 48V", "batch", "B-2026-01", "passed", passed);
    }

    static UUID authorizedDealer() {
        UUID dealer = Api.activeDealer();
        as(Tokens.regulator()).body(Map.of("authorized", true)).post("/api/dealers/" + dealer + "/authorization")
                .then().statusCode(200).body("authorizedAgent", equalTo(true));
        return dealer;
    }

    static List<String> record(UUID dealer, Map<String, Object> body) {
        return as(Tokens.regulator()).body(body).post("/api/dealers/" + dealer + "/inspections")
                .then().statusCode(201).extract().path("rectificationIds");
    }

    @Test
    void aCleanInspectionOpensNothingAndGradesA() {
        UUID dealer = authorizedDealer();
        as(Tokens.regulator()).body(inspection(List.of(), List.of(sample(true))))
                .post("/api/dealers/" + dealer + "/inspections")
                .then().statusCode(201)
                .header("Location", containsString("/api/dealers/" + dealer + "/inspections/"))
                .body("items", hasSize(7))
                .body("items.code", hasItems(CODES.toArray()))
                .body("items[0].label", equalTo("销售的车辆均有3C认证"))
                .body("samples", hasSize(1))
                .body("rectificationIds", hasSize(0));
        as(Tokens.regulator()).get("/api/dealers/" + dealer + "/rectifications").then().statusCode(200)
                .body("$", hasSize(0));
        as(Tokens.dealer(dealer)).get("/api/dealers/" + dealer + "/credit").then().statusCode(200)
                .body("grade", equalTo("A")).body("score", equalTo(100)).body("measure", equalTo("NORMAL"))
                .body("reasons", hasItem("近12个月检查全部合格")).body("gradedAt", notNullValue());
        as(Tokens.dealer(dealer)).get("/api/dealers/" + dealer + "/inspections").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].inspector", equalTo("市监局 王*"));
        assertThat(new Db(dataSource).count("SELECT count(*) FROM audit_entries WHERE object_id = ?"
                + " AND action = 'INSPECTION_RECORDED'", dealer)).isEqualTo(1);
    }

    @Test
    void unknownRepeatedAndMissingCodesAreOne400ListingThemAndWriteNothing() {
        UUID dealer = Api.newDealer();
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(Map.of("code", "CCC_CERTIFIED", "passed", true));
        items.add(Map.of("code", "CCC_CERTIFIED", "passed", false));
        items.add(Map.of("code", "NO_SMOKING", "passed", true));
        items.add(Map.of("code", "PRICES_MARKED", "passed", true));
        Map<String, Object> body = Map.of("inspectedAt", Instant.now().toString(), "inspector", "王检查",
                "items", items, "samples", List.of());
        as(Tokens.regulator()).body(body).post("/api/dealers/" + dealer + "/inspections")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("items[1].code", "items[2].code", "items"))
                .body("errors.find { it.field == 'items' }.message", containsString("WITHIN_REGISTERED_SCOPE"))
                .body("errors.find { it.field == 'items' }.message", containsString("COMMITMENT_DISPLAYED"))
                .body("errors.find { it.field == 'items[2].code' }.message", containsString("NO_SMOKING"));
        assertThat(new Db(dataSource).count("SELECT count(*) FROM inspections WHERE dealer_id = ?", dealer)).isZero();
    }

    @Test
    void badFieldsAreListed() {
        UUID dealer = Api.newDealer();
        Map<String, Object> body = new HashMap<>(inspection(List.of(), List.of(Map.of("product", "<b>", "passed", true))));
        body.put("inspectedAt", Instant.now().plus(Duration.ofDays(2)).toString());
        body.put("inspector", "");
        as(Tokens.regulator()).body(body).post("/api/dealers/" + dealer + "/inspections")
                .then().statusCode(400)
                .body("errors.field", hasItems("inspector", "samples[0].product", "samples[0].batch"));
        body = new HashMap<>(inspection(List.of(), List.of()));
        body.put("inspectedAt", Instant.now().plus(Duration.ofDays(2)).toString());
        as(Tokens.regulator()).body(body).post("/api/dealers/" + dealer + "/inspections")
                .then().statusCode(400).body("errors.field", hasItem("inspectedAt"));
    }

    @Test
    void rolesAndOtherDealers() {
        UUID dealer = Api.newDealer();
        UUID other = Api.newDealer();
        as(Tokens.dealer(dealer)).body(inspection(List.of(), List.of())).post("/api/dealers/" + dealer + "/inspections")
                .then().statusCode(403);
        as(Tokens.owner(UUID.randomUUID())).get("/api/dealers/" + dealer + "/credit").then().statusCode(403);
        as(Tokens.regulator()).body(inspection(List.of(), List.of())).post("/api/dealers/" + UUID.randomUUID()
                + "/inspections").then().statusCode(404);
        for (String path : List.of("inspections", "rectifications", "credit")) {
            as(Tokens.dealer(other)).get("/api/dealers/" + dealer + "/" + path).then().statusCode(404);
            given().get("/api/dealers/" + dealer + "/" + path).then().statusCode(401);
        }
        as(Tokens.dealer(dealer)).get("/api/dealers/due-for-inspection").then().statusCode(403);
    }

    @Test
    void failuresOpenRectificationsDueIn15DaysThatTheDealerSubmitsAndTheRegulatorReviews() {
        UUID dealer = Api.newDealer();
        UUID other = Api.newDealer();
        Instant before = Instant.now();
        List<String> opened = record(dealer, inspection(List.of("PRICES_MARKED"), List.of(sample(true), sample(false))));
        assertThat(opened).hasSize(2);
        as(Tokens.dealer(dealer)).get("/api/dealers/" + dealer + "/rectifications").then().statusCode(200)
                .body("$", hasSize(2))
                .body("status", everyItemIs("OPEN"))
                .body("itemCode", hasItems("PRICES_MARKED", "SAMPLE"))
                .body("find { it.itemCode == 'SAMPLE' }.sample.batch", equalTo("B-2026-01"))
                .body("submittedAt", everyItemIs(null));
        String dueAt = as(Tokens.regulator()).get("/api/dealers/" + dealer + "/rectifications").then()
                .extract().path("[0].dueAt");
        assertThat(Instant.parse(dueAt)).isBetween(before.plus(Duration.ofDays(15)).minusSeconds(5),
                Instant.now().plus(Duration.ofDays(15)).plusSeconds(5));

        String rid = opened.get(0);
        String base = "/api/dealers/" + dealer + "/rectifications/" + rid;
        // another dealer: as if it did not exist, both through its own path and through ours
        as(Tokens.dealer(other)).body(Map.of("note", "已整改")).post(base + "/submission").then().statusCode(404);
        as(Tokens.dealer(other)).body(Map.of("note", "已整改"))
                .post("/api/dealers/" + other + "/rectifications/" + rid + "/submission").then().statusCode(404);
        as(Tokens.regulator()).body(Map.of("note", "x")).post(base + "/submission").then().statusCode(403);
        // reviewing before submission: wrong state
        as(Tokens.regulator()).body(Map.of("accepted", true)).post(base + "/review").then().statusCode(409);

        as(Tokens.dealer(dealer)).body(Map.of("note", "已补齐价签")).post(base + "/submission").then().statusCode(200)
                .body("status", equalTo("SUBMITTED")).body("submittedAt", notNullValue());
        as(Tokens.dealer(dealer)).body(Map.of("note", "再交一次")).post(base + "/submission").then().statusCode(409);
        as(Tokens.dealer(dealer)).body(Map.of("accepted", true)).post(base + "/review").then().statusCode(403);
        as(Tokens.regulator()).body(Map.of("accepted", false, "note", "价签不全")).post(base + "/review")
                .then().statusCode(200).body("status", equalTo("OPEN")).body("closedAt", nullValue());
        as(Tokens.dealer(dealer)).body(Map.of("note", "全部补齐")).post(base + "/submission").then().statusCode(200);
        as(Tokens.regulator()).body(Map.of("accepted", true)).post(base + "/review")
                .then().statusCode(200).body("status", equalTo("CLOSED")).body("closedAt", notNullValue());
        as(Tokens.regulator()).body(Map.of("accepted", false)).post(base + "/review").then().statusCode(409);
        as(Tokens.regulator()).body(Map.of("accepted", true)).post("/api/dealers/" + other + "/rectifications/" + rid
                + "/review").then().statusCode(404);

        List<String> trail = as(Tokens.regulator()).get("/api/dealers/" + dealer + "/history").then().extract()
                .path("action");
        assertThat(trail).contains("INSPECTION_RECORDED", "CREDIT_GRADED");
        Db db = new Db(dataSource);
        assertThat(db.count("SELECT count(*) FROM audit_entries WHERE object_id = ?::uuid AND object_type = 'RECTIFICATION'",
                rid)).isEqualTo(5); // opened, submitted, returned, submitted, accepted; nothing for the refusals
    }

    @Test
    void theOverdueSweepMarksOnceEvenWithSeveralInstancesAtOnce() throws Exception {
        UUID dealer = Api.newDealer();
        List<String> opened = record(dealer, inspection(List.of("PRICES_MARKED", "COMMITMENT_DISPLAYED",
                "NO_PRICE_GOUGING"), List.of()));
        Db db = new Db(dataSource);
        supervision.sweepOverdue(); // whatever other tests left due
        db.update("UPDATE rectifications SET due_at = now() - interval '1 minute' WHERE dealer_id = ?", dealer);
        // one was already submitted: it is not overdue whatever its due time
        as(Tokens.dealer(dealer)).body(Map.of("note", "已整改")).post("/api/dealers/" + dealer + "/rectifications/"
                + opened.get(0) + "/submission").then().statusCode(200);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit((Callable<Integer>) supervision::sweepOverdue));
            }
            int total = 0;
            for (Future<Integer> run : runs) {
                total += run.get();
            }
            assertThat(total).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(supervision.sweepOverdue()).as("a second sweep changes nothing").isZero();
        assertThat(db.count("SELECT count(*) FROM rectifications WHERE dealer_id = ? AND status = 'OVERDUE'", dealer))
                .isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM audit_entries WHERE action = 'RECTIFICATION_OVERDUE' AND object_id IN"
                + " (SELECT id FROM rectifications WHERE dealer_id = ?)", dealer)).isEqualTo(2);
        // an overdue one can still be submitted (late), and the grade remembers it went overdue
        as(Tokens.dealer(dealer)).body(Map.of("note", "迟交")).post("/api/dealers/" + dealer + "/rectifications/"
                + opened.get(1) + "/submission").then().statusCode(200).body("status", equalTo("SUBMITTED"));
        as(Tokens.regulator()).get("/api/dealers/" + dealer + "/credit").then()
                .body("reasons", hasItem(containsString("整改逾期")));
    }

    @Test
    void gradeDSuspendsTheAgentAuthorisationUntilARegulatorRestoresItAfterTheRectificationsAreClosed() {
        UUID dealer = authorizedDealer();
        List<String> opened = record(dealer, inspection(List.of("CCC_CERTIFIED", "NO_MODIFICATION"), List.of()));
        as(Tokens.regulator()).get("/api/dealers/" + dealer + "/credit").then().statusCode(200)
                .body("grade", equalTo("D")).body("score", equalTo(40)).body("measure", equalTo("SPECIAL"))
                .body("reasons", hasItem("检查项“销售的车辆均有3C认证”不合格，尚未整改完成，扣30分"))
                .body("authorizationSuspended", equalTo(true));
        as(Tokens.regulator()).get("/api/dealers/" + dealer).then()
                .body("authorizedAgent", equalTo(false)).body("creditGrade", equalTo("D"))
                .body("authorizationSuspendedAt", notNullValue());
        // what subsidy reads for its DEALER_NOT_AUTHORIZED check
        Db db = new Db(dataSource);
        assertThat(db.text("SELECT authorized_agent::text FROM dealers WHERE id = ?", dealer)).isEqualTo("false");

        String restore = "/api/dealers/" + dealer + "/authorization";
        as(Tokens.regulator()).body(Map.of("authorized", true)).post(restore).then().statusCode(409)
                .body("type", containsString("rectification-not-closed"));
        for (String rid : opened) {
            as(Tokens.dealer(dealer)).body(Map.of("note", "下架并退货")).post("/api/dealers/" + dealer
                    + "/rectifications/" + rid + "/submission").then().statusCode(200);
        }
        as(Tokens.regulator()).body(Map.of("accepted", true)).post("/api/dealers/" + dealer + "/rectifications/"
                + opened.get(0) + "/review").then().statusCode(200);
        as(Tokens.regulator()).body(Map.of("authorized", true)).post(restore).then().statusCode(409);
        as(Tokens.regulator()).body(Map.of("accepted", true)).post("/api/dealers/" + dealer + "/rectifications/"
                + opened.get(1) + "/review").then().statusCode(200);
        // accepting does not suspend again, and the grade improves (rectified failures count half)
        as(Tokens.regulator()).get("/api/dealers/" + dealer + "/credit").then()
                .body("grade", equalTo("C")).body("score", equalTo(70)).body("authorizationSuspended", equalTo(true));
        as(Tokens.regulator()).body(Map.of("authorized", true)).post(restore).then().statusCode(200)
                .body("authorizedAgent", equalTo(true)).body("authorizationSuspendedAt", nullValue());
        List<String> trail = as(Tokens.regulator()).get("/api/dealers/" + dealer + "/history").then().extract()
                .path("action");
        assertThat(trail).containsSubsequence("AGENT_AUTHORIZED", "INSPECTION_RECORDED", "AGENT_SUSPENDED",
                "AGENT_RESTORED");
    }

    @Test
    void aSuspendedDealerCannotBeAuthorisedByTheOrdinarySwitchEither() {
        UUID dealer = Api.activeDealer(); // not authorised yet
        record(dealer, inspection(List.of("CCC_CERTIFIED", "NO_MODIFICATION"), List.of()));
        as(Tokens.regulator()).body(Map.of("authorized", true)).post("/api/dealers/" + dealer + "/authorization")
                .then().statusCode(409);
        as(Tokens.regulator()).body(Map.of("authorized", false)).post("/api/dealers/" + dealer + "/authorization")
                .then().statusCode(200).body("authorizedAgent", equalTo(false));
    }

    @Test
    void thePublicCardIsForAnyoneAndHoldsNothingPersonal() {
        UUID dealer = authorizedDealer();
        record(dealer, inspection(List.of("PRICES_MARKED"), List.of()));
        given().accept(ContentType.JSON).get("/api/dealers/" + dealer + "/public").then().statusCode(200)
                .body("name", equalTo("绿源电动车城东店")).body("district", equalTo("上城区"))
                .body("grade", equalTo("A")).body("measure", equalTo("NORMAL")).body("measureLabel", equalTo("常规监管"))
                .body("authorizedAgent", equalTo(true)).body("lastInspectedAt", notNullValue())
                .body("reasons", hasItem(containsString("明码标价")))
                .body("$", not(org.hamcrest.Matchers.hasKey("uscc")))
                .body("$", not(org.hamcrest.Matchers.hasKey("contactPhone")))
                .body("$", not(org.hamcrest.Matchers.hasKey("address")))
                .body(not(containsString("王")));
        given().get("/api/dealers/" + UUID.randomUUID() + "/public").then().statusCode(404)
                .contentType("application/problem+json");
        // the printable QR carries the page of the card, from configuration (never from the request's Host)
        given().get("/api/dealers/" + dealer + "/public").then()
                .body("publicUrl", equalTo("http://localhost:8080/v/dealer/" + dealer));
        String svg = given().header("Host", "evil.example").get("/api/dealers/" + dealer + "/public/qr.svg").then()
                .statusCode(200).contentType("image/svg+xml").extract().asString();
        assertThat(svg).startsWith("<?xml").contains("<svg").contains("<title>品质信用码 · 绿源电动车城东店</title>")
                .contains("<path fill=\"#000\" d=\"M");
        given().get("/api/dealers/" + UUID.randomUUID() + "/public/qr.svg").then().statusCode(404);
        given().get("/api/dealers/not-a-uuid/public").then().statusCode(404);
    }

    @Test
    void dealersDueForInspectionByMeasure() {
        UUID never = Api.newDealer();
        UUID clean = Api.newDealer();
        record(clean, inspection(List.of(), List.of()));
        UUID focus = Api.newDealer();
        Map<String, Object> old = new HashMap<>(inspection(List.of("CCC_CERTIFIED"), List.of()));
        old.put("inspectedAt", Instant.now().minus(Duration.ofDays(40)).toString());
        record(focus, old);
        List<String> all = as(Tokens.regulator()).queryParam("size", "200").get("/api/dealers/due-for-inspection")
                .then().statusCode(200).extract().path("items.dealerId");
        assertThat(all).contains(never.toString(), focus.toString()).doesNotContain(clean.toString());
        as(Tokens.regulator()).queryParam("measure", "FOCUS").queryParam("size", "200")
                .get("/api/dealers/due-for-inspection").then().statusCode(200)
                .body("items.dealerId", hasItem(focus.toString()))
                .body("items.dealerId", not(hasItem(never.toString())))
                .body("items.measure", everyItemIs("FOCUS"));
        as(Tokens.regulator()).queryParam("measure", "SOMETIMES").get("/api/dealers/due-for-inspection")
                .then().statusCode(400).body("errors[0].field", equalTo("measure"));
    }

    @Test
    void theSameIdempotencyKeyRecordsOneInspection() {
        UUID dealer = Api.newDealer();
        Map<String, Object> body = inspection(List.of("PRICES_MARKED"), List.of());
        String first = as(Tokens.regulator("regulator-idem")).header("Idempotency-Key", "insp-" + dealer).body(body)
                .post("/api/dealers/" + dealer + "/inspections").then().statusCode(201).extract().path("id");
        String again = as(Tokens.regulator("regulator-idem")).header("Idempotency-Key", "insp-" + dealer).body(body)
                .post("/api/dealers/" + dealer + "/inspections").then().statusCode(201).extract().path("id");
        assertThat(again).isEqualTo(first);
        assertThat(new Db(dataSource).count("SELECT count(*) FROM rectifications WHERE dealer_id = ?", dealer))
                .isEqualTo(1);
    }

    private static org.hamcrest.Matcher<Iterable<? extends Object>> everyItemIs(Object value) {
        return org.hamcrest.Matchers.everyItem(equalTo(value));
    }
}
