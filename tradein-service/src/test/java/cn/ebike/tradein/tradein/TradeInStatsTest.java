package cn.ebike.tradein.tradein;

import static cn.ebike.tradein.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.tradein.support.Api;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.Scenario;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(WireMockResource.class)
class TradeInStatsTest {

    @InjectWireMock
    WireMockServer wireMock;

    private static JsonPath stats() {
        return as(Tokens.regulator()).get("/api/trade-ins/stats").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void statsCountDealersAndTradeInsByState() {
        JsonPath before = stats();

        Api.newDealer(); // on the platform, nothing signed
        UUID signed = Api.newDealer();
        as(Tokens.dealer(signed)).post("/api/dealers/" + signed + "/commitment").then().statusCode(200);
        as(Tokens.regulator()).body(Map.of("authorized", true)).post("/api/dealers/" + signed + "/authorization")
                .then().statusCode(200);
        Scenario open = Scenario.fresh(wireMock).opened();           // dealer 3: enabled
        Scenario completed = Scenario.fresh(wireMock).ready();      // dealer 4: enabled
        as(completed.dealerToken()).post(completed.path("/completion")).then().statusCode(200);
        Scenario cancelled = Scenario.fresh(wireMock).opened();     // dealer 5: enabled
        as(cancelled.dealerToken()).body(Map.of("reason", "withdrawn")).post(cancelled.path("/cancellation"))
                .then().statusCode(200);

        JsonPath after = stats();
        assertThat(after.getLong("dealers") - before.getLong("dealers")).isEqualTo(5);
        assertThat(after.getLong("commitmentSigned") - before.getLong("commitmentSigned")).isEqualTo(4);
        assertThat(after.getLong("tradeInEnabled") - before.getLong("tradeInEnabled")).isEqualTo(3);
        assertThat(after.getLong("authorizedAgents") - before.getLong("authorizedAgents")).isEqualTo(1);
        assertThat(after.getLong("tradeInsOpen") - before.getLong("tradeInsOpen")).isEqualTo(1);
        assertThat(after.getLong("tradeInsCompleted") - before.getLong("tradeInsCompleted")).isEqualTo(1);
        assertThat(after.getLong("tradeInsCancelled") - before.getLong("tradeInsCancelled")).isEqualTo(1);
        assertThat(after.getDouble("activationRate")).isCloseTo(
                (double) after.getLong("tradeInEnabled") / after.getLong("dealers"), Offset.offset(1e-6));
        assertThat(open.tradeIn).isNotNull();
    }
}
