package cn.ebike.tradein.tradein;

import static cn.ebike.tradein.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.Scenario;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The owners' app shows where the trade-in happens: each trade-in names its dealer and address. */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class OwnerTradeInViewTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Test
    void anOwnersTradeInsNameTheDealerAndItsAddress() {
        Scenario s = Scenario.fresh(wireMock).opened();
        String name = as(Tokens.regulator()).get("/api/dealers/" + s.dealer).then().statusCode(200).extract().path("name");
        String address = as(Tokens.regulator()).get("/api/dealers/" + s.dealer).then().extract().path("address");
        as(Tokens.owner(s.owner)).get("/api/trade-ins").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(s.tradeIn.toString()))
                .body("items[0].dealerName", equalTo(name))
                .body("items[0].dealerAddress", equalTo(address))
                .body("items[0].openedAt", notNullValue());
        as(Tokens.owner(s.owner)).get(s.path("")).then().statusCode(200)
                .body("dealerName", equalTo(name)).body("dealerAddress", equalTo(address));
    }
}
