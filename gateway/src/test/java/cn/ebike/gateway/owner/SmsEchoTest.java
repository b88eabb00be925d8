package cn.ebike.gateway.owner;

import static cn.ebike.gateway.support.WireMockServices.registration;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.Matchers.matchesPattern;

import cn.ebike.gateway.support.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** With SMS_ECHO=true (demo only) the code comes back as devCode and works. */
@QuarkusTest
@TestProfile(SmsEchoProfile.class)
class SmsEchoTest extends GatewayTestBase {

    @Test
    void echoModeReturnsAWorkingDevCode() {
        registration.stubFor(post(urlEqualTo("/api/owners/lookup")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"owner-9\"}")));
        String code = OwnerSmsLoginTest.requestCode("13812340000").statusCode(202)
                .body("devCode", matchesPattern("[0-9]{6}")).extract().path("devCode");
        OwnerSmsLoginTest.login("13812340000", code).statusCode(200);
    }
}
