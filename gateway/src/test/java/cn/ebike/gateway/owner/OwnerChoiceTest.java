package cn.ebike.gateway.owner;

import static cn.ebike.gateway.support.WireMockServices.registration;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.RecordingSmsSender;
import cn.ebike.gateway.token.TokenVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Family members sharing one phone: the login asks which of them is signing in, without using up the code. */
@QuarkusTest
class OwnerChoiceTest extends GatewayTestBase {

    static final String SHARED = "13911112222";
    static final String SINGLE = "13933334444";
    static final String MOTHER = "11111111-1111-4111-8111-111111111111";
    static final String SON = "22222222-2222-4222-8222-222222222222";
    static final String ALONE = "33333333-3333-4333-8333-333333333333";

    @Inject
    RecordingSmsSender sms;

    @Inject
    TokenVerifier verifier;

    @BeforeEach
    void owners() {
        sms.clear();
        registration.stubFor(post(urlEqualTo("/api/owners/lookup/by-phone")).withRequestBody(equalToJson("{\"phone\":\"" + SHARED + "\"}"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"items":[{"id":"%s","name":"王*","idNumber":"330105********1234","phone":"139****2222"},
                                  {"id":"%s","name":"李**","idNumber":"330105********567X","phone":"139****2222"}]}
                        """.formatted(MOTHER, SON))));
        registration.stubFor(post(urlEqualTo("/api/owners/lookup/by-phone")).withRequestBody(equalToJson("{\"phone\":\"" + SINGLE + "\"}"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"items":[{"id":"%s","name":"张*","idNumber":"330105********0001","phone":"139****4444"}]}
                        """.formatted(ALONE))));
    }

    static ValidatableResponse login(String phone, String code, String tail) {
        Map<String, Object> body = new HashMap<>(Map.of("phone", phone, "code", code));
        if (tail != null) {
            body.put("idNumberTail", tail);
        }
        return given().contentType(ContentType.JSON).body(body).post("/api/auth/owner/login").then();
    }

    static String code(RecordingSmsSender sms, String phone) {
        given().contentType(ContentType.JSON).body(Map.of("phone", phone)).post("/api/auth/owner/code").then().statusCode(202);
        return sms.lastCodeFor(phone);
    }

    @Test
    void aSharedPhoneAnswersTheMaskedChoicesAndTheRepeatedCallWithTheTailSignsTheRightOwnerIn() throws Exception {
        String code = code(sms, SHARED);
        login(SHARED, code, null).statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://ebike.local/problems/owner-choice-required"))
                .body("title", equalTo("Conflict")).body("errors", hasSize(0))
                .body("choices", hasSize(2))
                .body("choices[0].name", equalTo("王*")).body("choices[0].idNumberTail", equalTo("1234"))
                .body("choices[1].name", equalTo("李**")).body("choices[1].idNumberTail", equalTo("567X"))
                .body(not(containsString(MOTHER))).body(not(containsString(SON)));
        // a tail that matches nobody: the choices again, the code still alive
        login(SHARED, code, "9999").statusCode(409).body("choices", hasSize(2));
        String token = login(SHARED, code, "567x").statusCode(200).extract().path("accessToken");
        assertThat(verifier.verify(token).getSubject()).isEqualTo(SON);
        // used now
        login(SHARED, code, "1234").statusCode(401);
    }

    @Test
    void aWrongCodeOnASharedPhoneIsStill401AndCounts() {
        String code = code(sms, SHARED);
        String wrong = code.equals("000000") ? "111111" : "000000";
        login(SHARED, wrong, "1234").statusCode(401);
        String token = login(SHARED, code, "1234").statusCode(200).extract().path("accessToken");
        assertThat(token).isNotBlank();
    }

    @Test
    void aPhoneOfOneOwnerNeedsNoChoice() throws Exception {
        String code = code(sms, SINGLE);
        String token = login(SINGLE, code, null).statusCode(200).extract().path("accessToken");
        assertThat(verifier.verify(token).getSubject()).isEqualTo(ALONE);
    }

    @Test
    void aMalformedTailIs400() {
        login(SHARED, "123456", "12").statusCode(400);
        login(SHARED, "123456", "abcd").statusCode(400);
    }
}
