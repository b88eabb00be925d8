package cn.ebike.tradein.tradein;

import static cn.ebike.tradein.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.ebike.tradein.support.Eventually;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.Scenario;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code POST /api/trade-ins/lookup}: subsidy-service reads a batch of claims' trade-ins and dealers at once. */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class TradeInLookupTest {

    private static final String PATH = "/api/trade-ins/lookup";

    @InjectWireMock
    WireMockServer wireMock;

    private static Map<String, Object> ids(Object... ids) {
        return Map.of("ids", List.of(ids));
    }

    @Test
    void aServiceGetsEachKnownTradeInAsTheSingleReadShowsItWithItsDealerAndUnknownIdsAreAbsent() {
        Scenario completed = Scenario.fresh(wireMock).ready();
        as(completed.dealerToken()).post(completed.path("/completion")).then().statusCode(200);
        as(Tokens.regulator()).body(Map.of("authorized", true))
                .post("/api/dealers/" + completed.dealer + "/authorization").then().statusCode(200);
        // the relay delivers the claim meanwhile: wait for it, so both reads below see the same claimDelivered
        Eventually.within(Duration.ofSeconds(20), () -> as(Tokens.service()).get(completed.path("")).then()
                .body("claimDelivered", equalTo(true)));
        Scenario open = Scenario.fresh(wireMock).opened();
        UUID unknown = UUID.randomUUID();

        JsonPath answer = as(Tokens.service()).body(ids(open.tradeIn, unknown, completed.tradeIn, open.tradeIn))
                .post(PATH).then().statusCode(200).extract().jsonPath();

        assertThat(answer.getList("items.id")).as("known ids, in order, each once")
                .containsExactly(open.tradeIn.toString(), completed.tradeIn.toString());
        for (Scenario s : List.of(open, completed)) {
            Map<String, Object> single = as(Tokens.service()).get(s.path("")).then().statusCode(200)
                    .extract().jsonPath().getMap("");
            Map<String, Object> item = new java.util.HashMap<>(
                    answer.getMap("items.find { it.id == '" + s.tradeIn + "' }"));
            Object dealer = item.remove("dealer");
            assertThat(item).as("trade-in %s as GET shows it", s.tradeIn).isEqualTo(single);
            assertThat(dealer).isEqualTo(Map.of("id", s.dealer.toString(), "district", "上城区",
                    "authorizedAgent", s == completed));
        }
        assertThat(answer.getString("items[1].status")).isEqualTo("COMPLETED");
        assertThat(answer.getString("items[1].completedAt")).isNotNull();
    }

    @Test
    void onlyUnknownIdsGiveAnEmptyList() {
        as(Tokens.service()).body(ids(UUID.randomUUID())).post(PATH).then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void onlyServicesMayLookUp() {
        Map<String, Object> body = ids(UUID.randomUUID());
        for (String token : List.of(Tokens.regulator(), Tokens.admin(), Tokens.dealer(UUID.randomUUID()),
                Tokens.owner(UUID.randomUUID()))) {
            as(token).body(body).post(PATH).then().statusCode(403)
                    .contentType(containsString("application/problem+json"));
        }
        io.restassured.RestAssured.given().contentType("application/json").body(body).post(PATH).then()
                .statusCode(401);
    }

    @Test
    void moreThan200IdsAnEmptyListOrABadIdIs400NamingTheField() {
        List<String> tooMany = new ArrayList<>();
        IntStream.range(0, 201).forEach(i -> tooMany.add(UUID.randomUUID().toString()));
        as(Tokens.service()).body(Map.of("ids", tooMany)).post(PATH).then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("errors.field", hasItem("ids"));
        as(Tokens.service()).body(Map.of("ids", tooMany.subList(0, 200))).post(PATH).then().statusCode(200)
                .body("items.size()", equalTo(0));
        as(Tokens.service()).body(Map.of("ids", List.of())).post(PATH).then().statusCode(400)
                .body("errors.field", hasItem("ids"));
        as(Tokens.service()).body("{}").post(PATH).then().statusCode(400).body("errors.field", hasItem("ids"));
        as(Tokens.service()).body("{\"ids\":[\"not-a-uuid\"]}").post(PATH).then().statusCode(400)
                .body("errors.field", hasItem(containsString("ids")));
    }
}
