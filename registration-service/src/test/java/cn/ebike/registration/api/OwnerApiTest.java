package cn.ebike.registration.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.TestData;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OwnerApiTest {

    @Inject
    DataSource dataSource;

    @Test
    void registeringAnOwnerAnswers201WithEverythingMasked() {
        String id = TestData.idNumber("330105", LocalDate.of(1990, 1, 1), 123);
        String phone = "138" + TestData.digits(8);
        Api.json(Tokens.dealer(UUID.randomUUID())).body(Api.ownerBody("欧阳小明", id, phone)).post("/api/owners")
                .then().statusCode(201)
                .header("Location", containsString("/api/owners/"))
                .body("name", equalTo("欧***"))
                .body("idNumber", equalTo("330105********" + id.substring(14)))
                .body("phone", equalTo("138****" + phone.substring(7)));
    }

    @Test
    void aKnownIdNumberAnswers200WithTheExistingOwnerUnchanged() {
        String id = TestData.idNumber();
        String first = Api.json(Tokens.regulator()).body(Api.ownerBody("张三", id, TestData.phone()))
                .post("/api/owners").then().statusCode(201).extract().path("id");
        Api.json(Tokens.dealer(UUID.randomUUID())).body(Api.ownerBody("李四", id.toLowerCase(), TestData.phone()))
                .post("/api/owners").then().statusCode(200).body("id", equalTo(first)).body("name", equalTo("张*"));
    }

    @Test
    void personalDataIsStoredOnlyEncryptedAndHashed() throws Exception {
        String id = TestData.idNumber();
        String phone = TestData.phone();
        String owner = Api.json(Tokens.regulator()).body(Api.ownerBody("王五", id, phone)).post("/api/owners")
                .then().statusCode(201).extract().path("id");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM owners WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(owner));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                StringBuilder everything = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    byte[] bytes = rs.getBytes(i);
                    if (bytes != null) {
                        everything.append(new String(bytes, StandardCharsets.UTF_8))
                                .append(new String(bytes, StandardCharsets.ISO_8859_1));
                    }
                }
                assertThat(everything.toString()).doesNotContain(id).doesNotContain(phone).doesNotContain("王五")
                        .doesNotContain(id.substring(6, 14));
                assertThat(rs.getBytes("id_number_hash")).hasSize(32);
            }
        }
    }

    @Test
    void everyBadFieldIsListed() {
        String wrongCheck = TestData.withWrongCheckCharacter(TestData.idNumber());
        Api.json(Tokens.regulator()).body(Api.ownerBody("", wrongCheck, "12345678901")).post("/api/owners")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("type", equalTo("https://ebike.local/problems/invalid-input"))
                .body("errors.field", containsInAnyOrder("name", "idNumber", "phone"))
                .body("errors.find { it.field == 'idNumber' }.message", containsString("check character"));
    }

    @Test
    void aBirthDateInTheFutureOrNotRealIsRefused() {
        String future = TestData.idNumber("330105", LocalDate.now().plusYears(1), 1);
        Api.json(Tokens.regulator()).body(Api.ownerBody("张三", future, TestData.phone())).post("/api/owners")
                .then().statusCode(400).body("errors[0].field", equalTo("idNumber"))
                .body("errors[0].message", containsString("future"));
        String first17 = "33010519900231123";
        String notReal = first17 + cn.ebike.common.validation.IdNumber.checkCharacter(first17);
        Api.json(Tokens.regulator()).body(Api.ownerBody("张三", notReal, TestData.phone())).post("/api/owners")
                .then().statusCode(400).body("errors[0].message", containsString("not a real date"));
    }

    @Test
    void missingFieldsAndAMissingBodyAre400() {
        Api.json(Tokens.regulator()).body("{}").post("/api/owners").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("name", "idNumber", "phone"));
        Api.json(Tokens.regulator()).post("/api/owners").then().statusCode(400).body("errors[0].field", equalTo("body"));
    }

    @Test
    void anOwnerReadsTheirOwnRecordMasked() {
        String phone = TestData.phone();
        String owner = Api.json(Tokens.regulator()).body(Api.ownerBody("赵六", TestData.idNumber(), phone))
                .post("/api/owners").then().statusCode(201).extract().path("id");
        Api.as(Tokens.owner(owner)).get("/api/owners/me").then().statusCode(200)
                .body("id", equalTo(owner)).body("name", equalTo("赵*"))
                .body("phone", equalTo(phone.substring(0, 3) + "****" + phone.substring(7)));
    }

    @Test
    void anOwnerTokenForNoKnownOwnerGets404FromMe() {
        Api.as(Tokens.owner(UUID.randomUUID().toString())).get("/api/owners/me").then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        Api.as(Tokens.owner("not-a-uuid")).get("/api/owners/me").then().statusCode(404);
    }

    @Test
    void oneOwnerRecordIsVisibleToItsOwnerRegulatorsAndServicesOnly() {
        String owner = Api.newOwner();
        Api.as(Tokens.owner(owner)).get("/api/owners/" + owner).then().statusCode(200).body("id", equalTo(owner));
        Api.as(Tokens.regulator()).get("/api/owners/" + owner).then().statusCode(200);
        Api.as(Tokens.service()).get("/api/owners/" + owner).then().statusCode(200);
        Api.as(Tokens.owner(Api.newOwner())).get("/api/owners/" + owner).then().statusCode(404);
        Api.as(Tokens.dealer(UUID.randomUUID())).get("/api/owners/" + owner).then().statusCode(403);
        Api.as(Tokens.regulator()).get("/api/owners/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void servicesLookOwnersUpByPhone() {
        String phone = TestData.phone();
        String owner = Api.json(Tokens.regulator()).body(Api.ownerBody("孙七", TestData.idNumber(), phone))
                .post("/api/owners").then().statusCode(201).extract().path("id");
        Api.json(Tokens.service("gateway")).body("{\"phone\":\"" + phone + "\"}").post("/api/owners/lookup")
                .then().statusCode(200).body("id", equalTo(owner)).body("phone", startsWith(phone.substring(0, 3) + "****"));
        Api.json(Tokens.service("gateway")).body("{\"phone\":\"13" + TestData.digits(9) + "\"}")
                .post("/api/owners/lookup").then().statusCode(404);
        Api.json(Tokens.service("gateway")).body("{\"phone\":\"123\"}").post("/api/owners/lookup")
                .then().statusCode(400).body("errors.field", hasItem("phone"));
    }

    @Test
    void aSharedPhoneFindsTheEarliestOwner() {
        String phone = TestData.phone();
        String first = Api.json(Tokens.regulator()).body(Api.ownerBody("周一", TestData.idNumber(), phone))
                .post("/api/owners").then().statusCode(201).extract().path("id");
        Api.json(Tokens.regulator()).body(Api.ownerBody("周二", TestData.idNumber(), phone))
                .post("/api/owners").then().statusCode(201);
        Api.json(Tokens.service("gateway")).body("{\"phone\":\"" + phone + "\"}").post("/api/owners/lookup")
                .then().statusCode(200).body("id", equalTo(first));
    }
}
