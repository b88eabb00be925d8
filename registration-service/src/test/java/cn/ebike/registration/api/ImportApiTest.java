package cn.ebike.registration.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.TestData;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bulk import (the test profile writes in chunks of 3 rows, so chunk boundaries are exercised too). */
@QuarkusTest
class ImportApiTest {

    private static final String HEADER =
            "frameNumber,motorNumber,brand,model,batteryType,ownerName,ownerIdNumber,ownerPhone,filedAt,plateNumber\n";

    /** One phone per ID number: rows naming the same person agree on it (else owner-mismatch). */
    private static final Map<String, String> PHONES = new java.util.concurrent.ConcurrentHashMap<>();

    private static String row(String frame, String idNumber, String plate) {
        return frame + ",MOT" + TestData.digits(6) + ",绿源,TDR-" + TestData.digits(2) + ",LEAD_ACID,陈大文,"
                + idNumber + "," + PHONES.computeIfAbsent(idNumber, k -> TestData.phone()) + ",2023-11-0" + (1 + TestData.digits(1).charAt(0) % 9) + ","
                + (plate == null ? "" : plate) + "\n";
    }

    private static JsonPath importCsv(String csv) {
        return Api.as(Tokens.regulator()).contentType("text/csv; charset=UTF-8").body(csv).post("/api/vehicles/import")
                .then().log().ifValidationFails().statusCode(200).extract().jsonPath();
    }

    @Test
    void goodRowsAreKeptBadRowsReportedByLineAndReimportChangesNothing() {
        String existingId = TestData.idNumber();
        // the import matches a known owner when the filing agrees on name and phone (else owner-mismatch)
        String existingOwner = Api.json(Tokens.regulator()).body(Api.ownerBody("陈大文", existingId,
                        PHONES.computeIfAbsent(existingId, k -> TestData.phone())))
                .post("/api/owners").then().statusCode(201).extract().path("id");
        String frame2 = TestData.filedFrame();
        String frame3 = TestData.compliantFrame();
        String frame10 = TestData.filedFrame();
        String frame11 = TestData.filedFrame();
        String plate2 = TestData.legacyPlate();
        String future = LocalDate.now().plusDays(10).toString();
        String csv = HEADER
                + row(frame2, TestData.idNumber(), plate2)                                            // line 2
                + row(frame3.toLowerCase(), TestData.idNumber(), null)                                // line 3
                + TestData.filedFrame() + ",M1,b,m,LITHIUM,王五," + TestData.withWrongCheckCharacter(TestData.idNumber())
                + ",1234,2023-01-01,\n"                                                                // line 4
                + row("LSVAB2BM0ND12345I", TestData.idNumber(), null)                                  // line 5
                + row(frame2, TestData.idNumber(), null)                                               // line 6
                + "only,three,columns\n"                                                               // line 7
                + row(TestData.filedFrame(), TestData.idNumber(), plate2)                              // line 8
                + TestData.filedFrame() + ",M2,b,m,DIESEL,王五," + TestData.idNumber() + "," + TestData.phone()
                + "," + future + ",\n"                                                                 // line 9
                + row(frame10, existingId, null)                                                       // line 10
                + frame11 + ",M3,\"Brand, Inc.\",\"M \"\"X\"\"\",LITHIUM,赵六," + TestData.idNumber() + ","
                + TestData.phone() + ",2023-05-06T10:00:00+08:00,\n";                                   // line 11

        JsonPath first = importCsv(csv);
        assertThat(first.getLong("imported")).isEqualTo(4);
        assertThat(first.getLong("skipped")).isEqualTo(1);
        assertThat(first.getLong("rejected")).isEqualTo(5);
        assertThat(first.getLong("rows")).isEqualTo(10);
        List<Map<String, Object>> errors = first.getList("errors");
        assertThat(errors).extracting(e -> e.get("line") + ":" + e.get("field")).containsExactlyInAnyOrder(
                "4:ownerIdNumber", "4:ownerPhone", "5:frameNumber", "7:row", "8:plateNumber", "9:batteryType",
                "9:filedAt");
        assertThat(errors).allSatisfy(e -> assertThat((String) e.get("message")).isNotBlank());

        // the imported bikes are there, filed non-standard, with the given plate active and its QR genuine
        JsonPath v2 = Api.as(Tokens.regulator()).queryParam("frameNumber", frame2).get("/api/vehicles")
                .then().statusCode(200).body("total", equalTo(1)).extract().jsonPath();
        assertThat(v2.getString("items[0].category")).isEqualTo("NON_STANDARD_FILED");
        assertThat(v2.getString("items[0].plateNumber")).isEqualTo(plate2);
        assertThat(v2.getString("items[0].plateStatus")).isEqualTo("ACTIVE");
        assertThat(v2.getString("items[0].owner.name")).isEqualTo("陈**");
        String qr = Api.as(Tokens.regulator()).get("/api/plates/" + plate2).then().statusCode(200)
                .extract().path("qrPayload");
        given().contentType("application/json").body(Map.of("qrPayload", qr)).post("/api/plates/verify").then()
                .body("valid", equalTo(true)).body("plateNumber", equalTo(plate2));
        Api.as(Tokens.regulator()).queryParam("frameNumber", frame3).get("/api/vehicles").then()
                .body("total", equalTo(1)).body("items[0].plateNumber", equalTo(null));
        Api.as(Tokens.regulator()).queryParam("frameNumber", frame10).get("/api/vehicles").then()
                .body("items[0].ownerId", equalTo(existingOwner));
        Api.as(Tokens.regulator()).queryParam("frameNumber", frame11).get("/api/vehicles").then()
                .body("items[0].brand", equalTo("Brand, Inc.")).body("items[0].model", equalTo("M \"X\""))
                .body("items[0].filedAt", equalTo("2023-05-06T02:00:00Z"));
        String id2 = v2.getString("items[0].id");
        Api.as(Tokens.regulator()).get("/api/vehicles/" + id2 + "/history").then()
                .body("action", contains("IMPORTED", "PLATE_ISSUED"));

        JsonPath statsBefore = Api.as(Tokens.regulator()).get("/api/vehicles/stats").then().extract().jsonPath();
        JsonPath second = importCsv(csv);
        assertThat(second.getLong("imported")).isZero();
        assertThat(second.getLong("skipped")).isEqualTo(5);
        assertThat(second.getLong("rejected")).isEqualTo(5);
        assertThat(second.getLong("ownersCreated")).isZero();
        JsonPath statsAfter = Api.as(Tokens.regulator()).get("/api/vehicles/stats").then().extract().jsonPath();
        assertThat(statsAfter.getMap("$")).isEqualTo(statsBefore.getMap("$"));
    }

    @Test
    void duplicatesAcrossChunksAreSkippedAndOwnersMatchedByIdNumber() {
        StringBuilder csv = new StringBuilder(HEADER);
        String sharedOwner = TestData.idNumber();
        String repeated = TestData.filedFrame();
        for (int i = 0; i < 20; i++) {
            csv.append(row(i == 0 || i == 17 ? repeated : TestData.filedFrame(), i % 2 == 0 ? sharedOwner
                    : TestData.idNumber(), i % 3 == 0 ? TestData.legacyPlate() : null));
        }
        JsonPath result = importCsv(csv.toString());
        assertThat(result.getLong("imported")).isEqualTo(19);
        assertThat(result.getLong("skipped")).isEqualTo(1);
        assertThat(result.getLong("rejected")).isZero();
        // the skipped row 17 creates no owner: 1 shared + 9 other owners; plates on rows 0, 3, ..., 18
        assertThat(result.getLong("ownersCreated")).isEqualTo(10);
        assertThat(result.getLong("platesIssued")).isEqualTo(7);
        JsonPath again = importCsv(csv.toString());
        assertThat(again.getLong("imported")).isZero();
        assertThat(again.getLong("skipped")).isEqualTo(20);
    }

    @Test
    void theSamePlateTwiceInOneChunkIsRejectedTheSecondTime() {
        String plate = TestData.legacyPlate();
        JsonPath result = importCsv(HEADER + row(TestData.filedFrame(), TestData.idNumber(), plate)
                + row(TestData.filedFrame(), TestData.idNumber(), plate));
        assertThat(result.getLong("imported")).isEqualTo(1);
        assertThat(result.getLong("rejected")).isEqualTo(1);
        assertThat(result.getInt("errors[0].line")).isEqualTo(3);
        assertThat(result.getString("errors[0].field")).isEqualTo("plateNumber");
    }

    @Test
    void aWrongHeaderIs400AndImportsNothing() {
        Api.as(Tokens.regulator()).contentType("text/csv; charset=UTF-8").body("frame,motor\n" + row(TestData.filedFrame(),
                TestData.idNumber(), null)).post("/api/vehicles/import").then().statusCode(400)
                .body("errors[0].field", equalTo("header"));
        Api.as(Tokens.regulator()).contentType("text/csv; charset=UTF-8").body("").post("/api/vehicles/import").then().statusCode(400)
                .body("errors[0].field", equalTo("header"));
    }

    @Test
    void onlyCsvIsAccepted() {
        Api.as(Tokens.regulator()).contentType("application/json").body("{}").post("/api/vehicles/import")
                .then().statusCode(415).contentType(containsString("application/problem+json"));
    }

    @Test
    void aByteOrderMarkAndCrLfLineEndsAreFine() {
        String csv = "\uFEFF" + HEADER.replace("\n", "\r\n") + row(TestData.filedFrame(), TestData.idNumber(), null)
                .replace("\n", "\r\n");
        assertThat(importCsv(csv).getLong("imported")).isEqualTo(1);
    }
}
