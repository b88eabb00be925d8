package cn.ebike.tradein.client;

import static cn.ebike.tradein.support.Api.as;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.tradein.support.Api;
import cn.ebike.common.testing.Db;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.RegistrationStub;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The SERVICE token: client credentials at the gateway, cached, dropped on a downstream 401. */
@QuarkusTest
@WithTestResource(WireMockResource.class)
class ServiceTokenTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    ServiceTokenProvider tokens;

    @Inject
    DataSource dataSource;

    private int tokenRequests() {
        return wireMock.countRequestsMatching(postRequestedFor(urlEqualTo(WireMockResource.TOKEN_PATH)).build())
                .getCount();
    }

    private void openTradeIn(UUID dealer, int expectedStatus) {
        UUID owner = UUID.randomUUID();
        UUID vehicle = new RegistrationStub(wireMock).filedNonStandard(owner);
        as(Tokens.dealer(dealer)).body(Map.of("oldVehicleId", vehicle, "ownerId", owner)).post("/api/trade-ins")
                .then().statusCode(expectedStatus);
    }

    @Test
    void theTokenIsFetchedWithClientCredentialsAndReused() {
        UUID dealer = Api.activeDealer();
        openTradeIn(dealer, 201); // warms the cache if needed
        int before = tokenRequests();
        for (int i = 0; i < 3; i++) {
            openTradeIn(dealer, 201);
        }
        assertThat(tokenRequests()).isEqualTo(before);
        assertThat(tokens.token()).isEqualTo(WireMockResource.SERVICE_TOKEN);
    }

    @Test
    void aDownstream401DropsTheTokenAndTheReadIsRetriedWithAFreshOne() {
        UUID dealer = Api.activeDealer();
        UUID owner = UUID.randomUUID();
        UUID vehicle = UUID.randomUUID();
        new RegistrationStub(wireMock).vehicle(vehicle, "NON_STANDARD_FILED", "REGISTERED", owner, "ACTIVE", null);
        // added later, so it wins while its scenario is in the start state: the first read is refused
        wireMock.stubFor(get(urlEqualTo("/api/vehicles/" + vehicle)).inScenario("reauth-" + vehicle)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401))
                .willSetStateTo("token renewed"));
        tokens.token();
        int before = tokenRequests();
        as(Tokens.dealer(dealer)).body(Map.of("oldVehicleId", vehicle, "ownerId", owner)).post("/api/trade-ins")
                .then().statusCode(201);
        assertThat(tokenRequests()).isEqualTo(before + 1);
        wireMock.verify(2, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlEqualTo("/api/vehicles/" + vehicle)));
    }

    @Test
    void withoutAServiceTokenRegistrationIsNotCalledAndNothingIsCreated() throws InterruptedException {
        UUID dealer = Api.activeDealer();
        StubMapping refused = wireMock.stubFor(post(urlEqualTo(WireMockResource.TOKEN_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\"}")));
        try {
            tokens.invalidate();
            openTradeIn(dealer, 503);
            assertThat(new Db(dataSource).count("SELECT count(*) FROM trade_ins WHERE dealer_id = ?::uuid",
                    dealer.toString())).isZero();
        } finally {
            wireMock.removeStub(refused);
            tokens.invalidate();
            CircuitBreakerMaintenance.get().resetAll(); // the refusals tripped the registration circuit breaker
        }
        assertThat(tokens.token()).isEqualTo(WireMockResource.SERVICE_TOKEN);
    }
}
