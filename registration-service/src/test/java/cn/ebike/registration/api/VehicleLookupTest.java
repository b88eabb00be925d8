package cn.ebike.registration.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code POST /api/vehicles/lookup}: subsidy-service reads a whole batch of claims' vehicles in one call. */
@QuarkusTest
class VehicleLookupTest {

    private static final String PATH = "/api/vehicles/lookup";

    private static Map<String, Object> ids(Object... ids) {
        return Map.of("ids", List.of(ids));
    }

    @Test
    void aServiceGetsEachKnownVehicleAsTheSingleReadShowsItInTheOrderAskedAndUnknownIdsAreAbsent() {
        String owner = Api.newOwner();
        String filed = Api.filedVehicle(owner).getString("id");
        Api.json(Tokens.service()).body(Map.of("reason", "recycled", "reference", "trade-in-7"))
                .post("/api/vehicles/" + filed + "/scrap").then().statusCode(200);
        UUID dealer = UUID.randomUUID();
        String compliant = Api.compliantVehicle(dealer, owner).getString("id");
        Api.issuePlate(Tokens.dealer(dealer), compliant);
        String unknown = UUID.randomUUID().toString();

        JsonPath answer = Api.json(Tokens.service()).body(ids(compliant, unknown, filed, compliant)).post(PATH)
                .then().statusCode(200).extract().jsonPath();

        assertThat(answer.getList("items.id")).as("known ids, in order, each once").containsExactly(compliant, filed);
        for (String id : List.of(compliant, filed)) {
            Map<String, Object> single = Api.as(Tokens.service()).get("/api/vehicles/" + id).then().statusCode(200)
                    .extract().jsonPath().getMap("");
            Map<String, Object> inLookup = answer.getMap("items.find { it.id == '" + id + "' }");
            assertThat(inLookup).as("vehicle %s as GET shows it", id).isEqualTo(single);
        }
        assertThat(answer.getString("items[0].plateStatus")).isEqualTo("ACTIVE");
        assertThat(answer.getString("items[1].scrapReference")).isEqualTo("trade-in-7");
        assertThat(answer.getString("items[1].owner.name")).as("masked as everywhere").isEqualTo("张*");
    }

    @Test
    void onlyUnknownIdsGiveAnEmptyList() {
        Api.json(Tokens.service()).body(ids(UUID.randomUUID().toString())).post(PATH).then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void onlyServicesMayLookUp() {
        String body = "{\"ids\":[\"" + UUID.randomUUID() + "\"]}";
        for (String token : List.of(Tokens.regulator(), Tokens.admin(), Tokens.dealer(UUID.randomUUID()),
                Tokens.owner(UUID.randomUUID().toString()))) {
            Api.json(token).body(body).post(PATH).then().statusCode(403)
                    .contentType(containsString("application/problem+json"));
        }
        io.restassured.RestAssured.given().contentType("application/json").body(body).post(PATH).then().statusCode(401);
    }

    @Test
    void moreThan400IdsAnEmptyListOrABadIdIs400NamingTheField() {
        List<String> tooMany = new ArrayList<>();
        IntStream.range(0, 401).forEach(i -> tooMany.add(UUID.randomUUID().toString()));
        Api.json(Tokens.service()).body(Map.of("ids", tooMany)).post(PATH).then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("errors.field", hasItem("ids"));
        List<String> justEnough = tooMany.subList(0, 400);
        Api.json(Tokens.service()).body(Map.of("ids", justEnough)).post(PATH).then().statusCode(200)
                .body("items.size()", equalTo(0));
        Api.json(Tokens.service()).body(Map.of("ids", List.of())).post(PATH).then().statusCode(400)
                .body("errors.field", hasItem("ids"));
        Api.json(Tokens.service()).body("{}").post(PATH).then().statusCode(400).body("errors.field", hasItem("ids"));
        Api.json(Tokens.service()).body("{\"ids\":[\"not-a-uuid\"]}").post(PATH).then().statusCode(400)
                .body("errors.field", hasItem(containsString("ids")));
    }
}
