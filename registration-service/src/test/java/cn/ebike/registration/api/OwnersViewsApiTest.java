package cn.ebike.registration.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.TestData;
import cn.ebike.registration.support.Tokens;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.DecoderResult;
import com.google.zxing.qrcode.decoder.Decoder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the owners' app needs from registration: qrUrl, the plate QR as SVG, URL scans, owners sharing a phone. */
@QuarkusTest
class OwnersViewsApiTest {

    private static final String BASE = "http://localhost:8080/v/#";

    @Test
    void everyPlateViewCarriesTheQrUrlOfThePublicCheckPage() {
        String owner = Api.newOwner();
        String vehicle = Api.filedVehicle(owner).getString("id");
        JsonPath issued = Api.issuePlate(Tokens.regulator(), vehicle);
        assertThat(issued.getString("qrUrl")).isEqualTo(BASE + issued.getString("qrPayload"));
        Api.as(Tokens.owner(owner)).get("/api/plates/" + issued.getString("plateNumber")).then().statusCode(200)
                .body("qrUrl", equalTo(BASE + issued.getString("qrPayload")));
    }

    @Test
    void theQrSvgDecodesToTheQrUrl() throws Exception {
        String owner = Api.newOwner();
        UUID dealer = UUID.randomUUID();
        String vehicle = Api.compliantVehicle(dealer, owner).getString("id");
        JsonPath plate = Api.issuePlate(Tokens.dealer(dealer), vehicle);
        String svg = Api.as(Tokens.owner(owner)).get("/api/plates/" + plate.getString("plateNumber") + "/qr.svg")
                .then().statusCode(200).contentType(containsString("image/svg+xml"))
                .header("Cache-Control", containsString("no-store")).extract().asString();
        assertThat(svg).startsWith("<?xml").contains("<svg").contains(plate.getString("plateNumber"));
        DecoderResult decoded = new Decoder().decode(modules(svg));
        assertThat(decoded.getText()).isEqualTo(plate.getString("qrUrl"));
    }

    @Test
    void theQrSvgIsForTheOwnerTheRegisteringDealerAndRegulatorsOnly() {
        String owner = Api.newOwner();
        UUID dealer = UUID.randomUUID();
        String vehicle = Api.compliantVehicle(dealer, owner).getString("id");
        String path = "/api/plates/" + Api.issuePlate(Tokens.dealer(dealer), vehicle).getString("plateNumber") + "/qr.svg";
        Api.as(Tokens.owner(owner)).get(path).then().statusCode(200);
        Api.as(Tokens.dealer(dealer)).get(path).then().statusCode(200);
        Api.as(Tokens.regulator()).get(path).then().statusCode(200);
        Api.as(Tokens.owner(Api.newOwner())).get(path).then().statusCode(404);
        Api.as(Tokens.dealer(UUID.randomUUID())).get(path).then().statusCode(404);
        Api.as(Tokens.admin()).get(path).then().statusCode(403);
        Api.as(Tokens.service()).get(path).then().statusCode(403);
        given().get(path).then().statusCode(401);
        Api.as(Tokens.regulator()).get("/api/plates/浙A999999999/qr.svg").then().statusCode(404);
    }

    @Test
    void verifyAcceptsTheUrlFormAndTheBareToken() {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        JsonPath plate = Api.issuePlate(Tokens.regulator(), vehicle);
        for (String scan : List.of(plate.getString("qrUrl"), plate.getString("qrPayload"),
                "https://elsewhere.example/v/#" + plate.getString("qrPayload"), "  " + plate.getString("qrUrl") + "\n")) {
            given().contentType("application/json").body(Map.of("qrPayload", scan)).post("/api/plates/verify").then()
                    .statusCode(200).body("valid", equalTo(true)).body("plateNumber", equalTo(plate.getString("plateNumber")));
        }
        for (String scan : List.of("http://localhost:8080/v/", "https://x.example/#", "http://localhost:8080/v/#EB1.abc")) {
            given().contentType("application/json").body(Map.of("qrPayload", scan)).post("/api/plates/verify").then()
                    .statusCode(200).body("valid", equalTo(false)).body("reason", equalTo("MALFORMED"));
        }
    }

    @Test
    void everyOwnerSharingAPhoneIsListedMaskedEarliestFirst() {
        String phone = TestData.phone();
        String first = Api.json(Tokens.regulator()).body(Api.ownerBody("王芳", TestData.idNumber(), phone))
                .post("/api/owners").then().statusCode(201).extract().path("id");
        String second = Api.json(Tokens.regulator()).body(Api.ownerBody("李强国", TestData.idNumber(), phone))
                .post("/api/owners").then().statusCode(201).extract().path("id");
        Api.json(Tokens.service("gateway")).body(Map.of("phone", phone)).post("/api/owners/lookup/by-phone").then()
                .statusCode(200).body("items", hasSize(2))
                .body("items[0].id", equalTo(first)).body("items[0].name", equalTo("王*"))
                .body("items[1].id", equalTo(second)).body("items[1].name", equalTo("李**"))
                .body("items[1].idNumber", org.hamcrest.Matchers.matchesPattern("\\d{6}\\*{8}[0-9X]{4}"));
        Api.json(Tokens.service("gateway")).body(Map.of("phone", TestData.phone())).post("/api/owners/lookup/by-phone")
                .then().statusCode(200).body("items", hasSize(0));
        Api.json(Tokens.service("gateway")).body(Map.of("phone", "123")).post("/api/owners/lookup/by-phone")
                .then().statusCode(400);
        Api.json(Tokens.regulator()).body(Map.of("phone", phone)).post("/api/owners/lookup/by-phone").then().statusCode(403);
        Api.json(Tokens.owner(first)).body(Map.of("phone", phone)).post("/api/owners/lookup/by-phone").then().statusCode(403);
    }

    /** The QR modules drawn by the SVG path (runs "M x y h n v1 h-n z"), without the 4-module quiet zone. */
    static BitMatrix modules(String svg) {
        Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
        assertThat(box.find()).isTrue();
        int size = Integer.parseInt(box.group(1));
        int inner = size - 8;
        BitMatrix m = new BitMatrix(inner);
        Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\d+z").matcher(svg);
        while (run.find()) {
            int x = Integer.parseInt(run.group(1)) - 4;
            int y = Integer.parseInt(run.group(2)) - 4;
            int n = Integer.parseInt(run.group(3));
            for (int i = 0; i < n; i++) {
                m.set(x + i, y);
            }
        }
        return m;
    }
}
