package cn.ebike.tradein.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * One WireMock server on a free port stands in for everything tradein-service talks to: registration-service
 * ({@code /api/vehicles/...}), subsidy-service ({@code /api/subsidies/claims/batch}, answered per claim by
 * {@link SubsidyBatchStub}) and the gateway's token
 * endpoint ({@code /api/auth/token}). Every test class declares this resource the same way, so all of them
 * share one Quarkus boot.
 *
 * <p>The token endpoint answers only the right client credentials; the other stubs answer only requests
 * that carry the token it hands out, so a call made without the SERVICE token fails the test.
 */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICE_TOKEN = "test-only-service-token-for-tradein";
    public static final String BEARER = "Bearer " + SERVICE_TOKEN;
    public static final String TOKEN_PATH = "/api/auth/token";
    public static final String CLAIM_BATCH_PATH = "/api/subsidies/claims/batch";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().extensions(new SubsidyBatchStub()));
        server.start();
        stubTokenEndpoint(server);
        String base = server.baseUrl();
        return Map.of(
                "quarkus.rest-client.registration.url", base,
                "quarkus.rest-client.subsidy.url", base,
                "tradein.service-token.url", base + TOKEN_PATH);
    }

    public static void stubTokenEndpoint(WireMockServer server) {
        server.stubFor(post(urlEqualTo(TOKEN_PATH))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=tradein-service"))
                .withRequestBody(containing("client_secret=test-only-client-secret"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + SERVICE_TOKEN + "\",\"token_type\":\"Bearer\","
                                + "\"expires_in\":300}")));
        // every claim for a trade-in is accepted unless a test says otherwise (higher-priority stub)
        server.stubFor(post(urlEqualTo(CLAIM_BATCH_PATH))
                .atPriority(10)
                .withHeader("Authorization", equalTo(BEARER))
                .willReturn(aResponse().withTransformers(SubsidyBatchStub.NAME)));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
