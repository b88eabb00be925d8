package cn.ebike.registration.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.common.validation.ChinaTime;
import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.TestData;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Vehicles carry a district (import column, request field, default) and registration answers its figures. */
@QuarkusTest
class DistrictFiguresTest {

    private static final String HEADER = "frameNumber,motorNumber,brand,model,batteryType,ownerName,ownerIdNumber,"
            + "ownerPhone,filedAt,plateNumber,district\n";

    private static String row(String frame, String district) {
        return frame + ",MOT" + TestData.digits(6) + ",绿源,TDR,LEAD_ACID,陈大文," + TestData.idNumber() + ","
                + TestData.phone() + ",2023-11-02,," + district + "\n";
    }

    private static JsonPath districtRows(String district) {
        return Api.as(Tokens.service()).queryParam("district", district).get("/api/vehicles/figures/districts")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void importedBikesCarryTheirDistrictAndTheFiguresCountThem() {
        String east = "东区" + TestData.digits(8);
        String f1 = TestData.filedFrame();
        String f2 = TestData.filedFrame();
        String f3 = TestData.filedFrame();
        JsonPath imported = Api.as(Tokens.regulator()).contentType("text/csv; charset=UTF-8")
                .body(HEADER + row(f1, east) + row(f2, east) + row(f3, "")).post("/api/vehicles/import")
                .then().statusCode(200).extract().jsonPath();
        assertThat(imported.getInt("imported")).isEqualTo(3);

        Map<String, Object> v1 = Api.as(Tokens.regulator()).queryParam("frameNumber", f1).get("/api/vehicles")
                .then().statusCode(200).extract().path("items[0]");
        assertThat(v1.get("district")).isEqualTo(east);
        Api.as(Tokens.regulator()).queryParam("frameNumber", f3).get("/api/vehicles")
                .then().statusCode(200).body("items[0].district", equalTo("西湖区"));
        Api.as(Tokens.regulator()).queryParam("district", east).get("/api/vehicles")
                .then().statusCode(200).body("total", equalTo(2));

        assertThat(districtRows(east).getList("rows", Map.class))
                .containsExactly(Map.of("district", east, "filed", 2, "scrapped", 0));

        Api.json(Tokens.service()).body(Map.of("reason", "回收", "reference", UUID.randomUUID().toString()))
                .post("/api/vehicles/" + v1.get("id") + "/scrap").then().statusCode(200);
        assertThat(districtRows(east).getList("rows", Map.class))
                .containsExactly(Map.of("district", east, "filed", 2, "scrapped", 1));
        // a range that ends before the scrapping counts the stock but not the scrapping
        List<Map> before = Api.as(Tokens.service()).queryParam("district", east).queryParam("to", "2024-01-01")
                .get("/api/vehicles/figures/districts").then().statusCode(200).extract().jsonPath().getList("rows", Map.class);
        assertThat(before).containsExactly(Map.of("district", east, "filed", 2, "scrapped", 0));

        String today = LocalDate.now(ChinaTime.ZONE).toString();
        JsonPath scrapped = Api.as(Tokens.service()).queryParam("metric", "scrapped").queryParam("interval", "day")
                .queryParam("from", today).queryParam("to", today).queryParam("district", east)
                .get("/api/vehicles/figures/series").then().statusCode(200).extract().jsonPath();
        assertThat(scrapped.getList("points.value", Integer.class)).containsExactly(1);
        Api.as(Tokens.service()).queryParam("district", east).get("/api/vehicles/figures/funnel")
                .then().statusCode(200).body("filed", equalTo(2));
    }

    @Test
    void aRegulatorNamesTheDistrictAndPlatesCountInIt() {
        String north = "北区" + TestData.digits(8);
        String owner = Api.newOwner();
        Map<String, Object> body = Api.compliantBody(owner);
        body.put("district", north);
        String id = Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(201)
                .body("district", equalTo(north)).extract().path("id");
        Api.issuePlate(Tokens.regulator(), id);
        String today = LocalDate.now(ChinaTime.ZONE).toString();
        JsonPath plates = Api.as(Tokens.regulator()).queryParam("metric", "platesIssued").queryParam("from", today)
                .queryParam("to", today).queryParam("district", north).get("/api/vehicles/figures/series")
                .then().statusCode(200).extract().jsonPath();
        assertThat(plates.getList("points.value", Integer.class)).containsExactly(1);
    }

    @Test
    void badFigureParametersAreInvalidInputAndOthersMayNotAsk() {
        Api.as(Tokens.regulator()).queryParam("metric", "nonsense").get("/api/vehicles/figures/series")
                .then().statusCode(400).body("errors[0].field", equalTo("metric"));
        Api.as(Tokens.regulator()).queryParam("metric", "filed").queryParam("from", "yesterday")
                .get("/api/vehicles/figures/series").then().statusCode(400).body("errors[0].field", equalTo("from"));
        Api.as(Tokens.dealer(UUID.randomUUID())).get("/api/vehicles/figures/districts").then().statusCode(403);
        Map<String, Object> body = Api.compliantBody(Api.newOwner());
        body.put("district", "<b>区</b>");
        Api.json(Tokens.regulator()).body(body).post("/api/vehicles").then().statusCode(400)
                .body("errors[0].field", equalTo("district"));
    }
}
