package cn.ebike.registration.figures;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.FakeGateway;
import cn.ebike.registration.support.TestData;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 12 item 13: registration's fraud signals, each produced by its pattern and absent without it. */
@QuarkusTest
@QuarkusTestResource(FakeGateway.class)
class RegistrationSignalsTest {

    private static List<Map<String, Object>> signals() {
        return Api.as(Tokens.regulator()).get("/api/vehicles/figures/signals").then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    private static Optional<Map<String, Object>> signal(String type, String subject) {
        return signals().stream().filter(s -> type.equals(s.get("type")) && subject.equals(s.get("subject")))
                .findFirst();
    }

    private static String owner(String token, String phone) {
        return Api.json(token).body(Api.ownerBody("张三", TestData.idNumber(), phone)).post("/api/owners").then()
                .statusCode(201).extract().path("id");
    }

    private static void correct(String ownerId) {
        Api.json(Tokens.regulator()).body(Map.of("name", "李四", "reason", "备案信息为准，经销商录入有误"))
                .patch("/api/owners/" + ownerId).then().statusCode(200);
    }

    @Test
    void threeOwnersOnOnePhoneAreASharedPhoneNamedOnlyMasked() {
        String phone = "139" + TestData.digits(8);
        String masked = "139****" + phone.substring(7);
        for (int i = 0; i < 3; i++) {
            owner(Tokens.regulator(), phone);
        }
        Map<String, Object> s = signal("SHARED_PHONE", masked).orElseThrow();
        assertThat(s.get("count")).isEqualTo(3);
        assertThat((String) s.get("evidence")).contains("3 位车主").contains(masked).doesNotContain(phone)
                .doesNotContain("张三");
        assertThat(signals().toString()).doesNotContain(phone);
    }

    @Test
    void twoOwnersOnOnePhoneAreNoSharedPhone() {
        String phone = "136" + TestData.digits(8);
        owner(Tokens.regulator(), phone);
        owner(Tokens.regulator(), phone);
        assertThat(signal("SHARED_PHONE", "136****" + phone.substring(7))).isEmpty();
    }

    @Test
    void anOwnerADealerEnteredAndARegulatorCorrectedIsASignalOnThatDealer() {
        UUID dealer = UUID.randomUUID();
        correct(owner(Tokens.dealer(dealer), TestData.phone()));
        Map<String, Object> s = signal("OWNER_CORRECTED_AFTER_DEALER_ENTRY", dealer.toString()).orElseThrow();
        assertThat(s.get("count")).isEqualTo(1);
        assertThat(s.get("firstSeen")).isNotNull();
    }

    @Test
    void aDealersUncorrectedOwnerAndARegulatorsCorrectedOwnerAreNoSignal() {
        UUID dealer = UUID.randomUUID();
        owner(Tokens.dealer(dealer), TestData.phone());
        correct(owner(Tokens.regulator(), TestData.phone()));
        assertThat(signal("OWNER_CORRECTED_AFTER_DEALER_ENTRY", dealer.toString())).isEmpty();
        assertThat(signals().stream().filter(s -> "OWNER_CORRECTED_AFTER_DEALER_ENTRY".equals(s.get("type")))
                .map(s -> s.get("subject"))).doesNotContainNull();
    }

    @Test
    void onlyRegulatorsAndServicesReadSignals() {
        Api.as(Tokens.dealer(UUID.randomUUID())).get("/api/vehicles/figures/signals").then().statusCode(403);
        Api.as(Tokens.service()).get("/api/vehicles/figures/signals").then().statusCode(200);
    }
}
