package cn.ebike.gateway.proxy;

import static cn.ebike.gateway.support.WireMockServices.registration;
import static cn.ebike.gateway.support.WireMockServices.subsidy;
import static cn.ebike.gateway.support.WireMockServices.tradein;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.common.testing.RawSockets;
import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import cn.ebike.gateway.support.WireMockServices;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@QuarkusTest
class ProxyTest extends GatewayTestBase {

    @TestHTTPResource("/")
    URL base;

    private static void stubOk(com.github.tomakehurst.wiremock.WireMockServer server) {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":true}")));
    }

    @Test
    void eachPathGoesToItsOwningServiceUnchanged() {
        stubOk(registration);
        stubOk(tradein);
        stubOk(subsidy);
        String bearer = Tokens.regulator();
        for (String path : List.of("/api/owners/me", "/api/vehicles?category=COMPLIANT", "/api/plates/沪A12345")) {
            given().header("Authorization", bearer).get(path).then().statusCode(200);
        }
        for (String path : List.of("/api/dealers", "/api/trade-ins/stats")) {
            given().header("Authorization", bearer).get(path).then().statusCode(200);
        }
        for (String path : List.of("/api/campaigns/abc/stats", "/api/subsidies?status=PAID")) {
            given().header("Authorization", bearer).get(path).then().statusCode(200);
        }
        registration.verify(3, anyRequestedFor(urlPathMatching("/api/.*")));
        registration.verify(getRequestedFor(urlEqualTo("/api/vehicles?category=COMPLIANT")));
        tradein.verify(2, anyRequestedFor(urlPathMatching("/api/.*")));
        subsidy.verify(2, anyRequestedFor(urlPathMatching("/api/.*")));
        subsidy.verify(getRequestedFor(urlEqualTo("/api/subsidies?status=PAID")));
    }

    @Test
    void theCallersTokenIsPassedOnToTheService() {
        stubOk(tradein);
        String bearer = Tokens.regulator();
        given().header("Authorization", bearer).get("/api/dealers").then().statusCode(200);
        tradein.verify(getRequestedFor(urlEqualTo("/api/dealers")).withHeader("Authorization", equalTo(bearer)));
    }

    @Test
    void aDealersPublicCardNeedsNoTokenButTheRestOfTheDealerDoes() {
        stubOk(tradein);
        String dealer = "/api/dealers/3f2b8c1e-0d4a-4f6b-9a7e-1c2d3e4f5a6b";
        given().get(dealer + "/public").then().statusCode(200);
        tradein.verify(getRequestedFor(urlEqualTo(dealer + "/public")).withoutHeader("Authorization"));
        given().get(dealer + "/credit").then().statusCode(401);
        given().get(dealer).then().statusCode(401);
        tradein.verify(0, getRequestedFor(urlEqualTo(dealer + "/credit")));
    }

    @Test
    void aRequestIdIsGeneratedPassedOnAndEchoed() {
        stubOk(tradein);
        String echoed = given().header("Authorization", Tokens.regulator()).get("/api/dealers")
                .then().statusCode(200).extract().header("X-Request-Id");
        assertThat(echoed).matches("[0-9a-f-]{36}");
        tradein.verify(getRequestedFor(urlEqualTo("/api/dealers")).withHeader("X-Request-Id", equalTo(echoed)));
    }

    @Test
    void aCallersRequestIdIsKeptAndAnUnsafeOneReplaced() {
        stubOk(tradein);
        given().header("Authorization", Tokens.regulator()).header("X-Request-Id", "shop-42.req:7")
                .get("/api/dealers").then().statusCode(200).header("X-Request-Id", "shop-42.req:7");
        tradein.verify(getRequestedFor(urlEqualTo("/api/dealers")).withHeader("X-Request-Id", equalTo("shop-42.req:7")));
        String replaced = given().header("Authorization", Tokens.regulator()).header("X-Request-Id", "bad id\"<x>")
                .get("/api/dealers").then().statusCode(200).extract().header("X-Request-Id");
        assertThat(replaced).matches("[0-9a-f-]{36}");
        // the gateway's own answers and refusals carry it too
        given().header("X-Request-Id", "r-1").get("/api/auth/jwks").then().header("X-Request-Id", "r-1");
        given().header("X-Request-Id", "r-2").get("/api/dealers").then().statusCode(401).header("X-Request-Id", "r-2");
    }

    @Test
    void forwardedHeadersAreSetAndACallersClaimsIgnored() {
        stubOk(tradein);
        given().header("Authorization", Tokens.regulator()).header("X-Forwarded-For", "6.6.6.6")
                .get("/api/dealers").then().statusCode(200);
        LoggedRequest seen = tradein.findAll(getRequestedFor(urlEqualTo("/api/dealers"))).get(0);
        assertThat(seen.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.getHeader("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.getHeader("X-Forwarded-Host")).isEqualTo(base.getHost() + ":" + base.getPort());
    }

    @Test
    void hopByHopHeadersAreDroppedBothWays() throws Exception {
        tradein.stubFor(get(urlEqualTo("/api/dealers")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Connection", "X-Backend-Hop")
                .withHeader("X-Backend-Hop", "secret")
                .withHeader("Keep-Alive", "timeout=5")
                .withHeader("Proxy-Authenticate", "Basic")
                .withHeader("X-Kept", "yes")
                .withBody("{}")));
        String response = RawSockets.exchange(base.getPort(), "GET /api/dealers HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Authorization: " + Tokens.regulator() + "\r\n"
                + "Connection: keep-alive, X-Client-Hop\r\n"
                + "X-Client-Hop: private\r\n"
                + "Keep-Alive: timeout=30\r\n"
                + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                + "TE: trailers\r\n"
                + "X-End-To-End: kept\r\n"
                + "\r\n");
        assertThat(response).startsWith("HTTP/1.1 200");
        LoggedRequest seen = tradein.findAll(getRequestedFor(urlEqualTo("/api/dealers"))).get(0);
        assertThat(seen.getHeader("X-End-To-End")).isEqualTo("kept");
        assertThat(seen.containsHeader("X-Client-Hop")).isFalse();
        assertThat(seen.containsHeader("Keep-Alive")).isFalse();
        assertThat(seen.containsHeader("Proxy-Authorization")).isFalse();
        assertThat(seen.containsHeader("TE")).isFalse();
        String headers = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(headers).contains("x-kept: yes").doesNotContain("x-backend-hop")
                .doesNotContain("keep-alive: timeout=5").doesNotContain("proxy-authenticate");
    }

    @Test
    void aDeadServiceIs503ProblemJsonRightAway() {
        WireMockServices.kill(subsidy);
        String bearer = Tokens.regulator();
        long start = System.nanoTime();
        given().header("Authorization", bearer).get("/api/campaigns").then().statusCode(503)
                .contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.equalTo(503))
                .body("detail", org.hamcrest.Matchers.containsString("subsidy-service"));
        // generous bound: this machine may be busy; a hang would never end
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aServiceThatDoesNotAnswerIs503AfterTheIdleTimeout() {
        subsidy.stubFor(get(urlEqualTo("/api/campaigns")).willReturn(aResponse().withFixedDelay(20_000).withStatus(200)));
        String bearer = Tokens.regulator();
        long start = System.nanoTime();
        given().header("Authorization", bearer).get("/api/campaigns").then().statusCode(503)
                .contentType("application/problem+json");
        // the test idle timeout is 2 s; the service would answer only after 20 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aDeclaredBodyOverOneMebibyteIs413WithoutTouchingTheService() {
        stubOk(registration);
        byte[] body = new byte[1024 * 1024 + 1];
        given().header("Authorization", Tokens.regulator()).contentType(ContentType.JSON).body(body)
                .post("/api/vehicles").then().statusCode(413).contentType("application/problem+json");
        registration.verify(0, anyRequestedFor(urlPathMatching("/api/.*")));
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aStreamedBodyOverTheLimitIsCutOffWith413(HttpClient.Version version) throws Exception {
        stubOk(registration);
        HttpClient client = HttpClient.newBuilder().version(version).build();
        byte[] body = new byte[3 * 1024 * 1024];
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/vehicles"))
                .header("Authorization", Tokens.regulator()).header("Content-Type", "application/json")
                // an InputStream publisher has no length: the body goes chunked (HTTP/1.1) or open-ended (h2c)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        int status;
        String text = "";
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            text = response.body();
        } catch (java.io.IOException e) {
            // the gateway may close before the client finished sending
            status = -1;
        }
        assertThat(status).isIn(413, -1);
        if (status == 413) {
            assertThat(text).contains("payload-too-large");
        }
        // the service never got a complete request
        assertThat(registration.findAll(postRequestedFor(urlEqualTo("/api/vehicles")))).isEmpty();
        // and the gateway still serves
        given().get("/api/auth/jwks").then().statusCode(200);
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void theImportMayStreamMoreThanOneMebibyteAndArrivesIntact(HttpClient.Version version) throws Exception {
        registration.stubFor(post(urlEqualTo("/api/vehicles/import")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"imported\":1}")));
        byte[] csv = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(csv);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/vehicles/import"))
                .header("Authorization", Tokens.regulator()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(csv))).build();
        HttpResponse<String> response = HttpClient.newBuilder().version(version).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        LoggedRequest seen = registration.findAll(postRequestedFor(urlEqualTo("/api/vehicles/import"))).get(0);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seen.getBody())))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv)));
    }

    /**
     * Bodies up to {@link Forwarder#WHOLE_BODY_BYTES} with a declared length are read whole, larger ones and
     * chunked ones stream: each way, on both sides of the boundary, the bytes arrive intact.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, Forwarder.WHOLE_BODY_BYTES, Forwarder.WHOLE_BODY_BYTES + 1,
            300 * 1024})
    void bodiesEitherSideOfTheWholeBodySizeArriveIntactBothWays(int size) throws Exception {
        byte[] sent = new byte[size];
        new Random(size).nextBytes(sent);
        byte[] answer = new byte[size];
        new Random(size + 1L).nextBytes(answer);
        tradein.stubFor(post(urlEqualTo("/api/trade-ins/echo-" + size)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/octet-stream")
                .withHeader("Content-Length", String.valueOf(size)).withBody(answer)));
        tradein.stubFor(get(urlEqualTo("/api/trade-ins/chunked-" + size)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream").withBody(answer)
                .withChunkedDribbleDelay(4, 20)));
        // java.net.http asks for no content coding: WireMock would gzip (and chunk) its answer for RestAssured
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]> posted = client.send(HttpRequest.newBuilder(URI.create(base + "api/trade-ins/echo-" + size))
                .header("Authorization", Tokens.regulator()).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sent)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(posted.statusCode()).isEqualTo(201);
        assertThat(posted.headers().firstValue("Content-Length")).hasValue(String.valueOf(size));
        assertThat(posted.body()).isEqualTo(answer);
        // WireMock sends no Date: a proxy forwarding such an answer adds the time it received it (RFC 9110 §6.6.1)
        assertThat(posted.headers().firstValue("Date").orElseThrow())
                .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        LoggedRequest seen = tradein.findAll(postRequestedFor(urlEqualTo("/api/trade-ins/echo-" + size))).get(0);
        assertThat(seen.getBody()).isEqualTo(sent);
        assertThat(seen.getHeader("Content-Length")).isEqualTo(String.valueOf(size));
        // an answer without a declared length (sent in pieces) streams back whole
        HttpResponse<byte[]> streamedAnswer = client.send(HttpRequest.newBuilder(
                        URI.create(base + "api/trade-ins/chunked-" + size))
                .header("Authorization", Tokens.regulator()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(streamedAnswer.statusCode()).isEqualTo(200);
        assertThat(streamedAnswer.headers().firstValue("Content-Length")).isEmpty();
        byte[] streamed = streamedAnswer.body();
        assertThat(streamed).isEqualTo(answer);
    }

    @Test
    void theImportJobUploadHasTheImportsLimitNotTheJsonOne() throws Exception {
        registration.stubFor(post(urlEqualTo("/api/vehicles/imports")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"RUNNING\"}")));
        byte[] csv = new byte[3 * 1024 * 1024];
        new Random(11).nextBytes(csv);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/vehicles/imports"))
                .header("Authorization", Tokens.regulator()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(csv))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(registration.findAll(postRequestedFor(urlEqualTo("/api/vehicles/imports"))).get(0).getBody())
                .hasSize(csv.length);
        String over = RawSockets.exchange(base.getPort(), "POST /api/vehicles/imports HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: " + Tokens.regulator() + "\r\n"
                + "Content-Type: text/csv\r\nContent-Length: " + (64L * 1024 * 1024 + 1) + "\r\n\r\n");
        assertThat(over).startsWith("HTTP/1.1 413");
    }

    @Test
    void anImportOverSixtyFourMebibytesIsRefusedFromItsDeclaredLength() throws Exception {
        String response = RawSockets.exchange(base.getPort(), "POST /api/vehicles/import HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: " + Tokens.regulator() + "\r\n"
                + "Content-Type: text/csv\r\nContent-Length: " + (64L * 1024 * 1024 + 1) + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413");
        registration.verify(0, anyRequestedFor(urlPathMatching("/api/.*")));
    }

    @Test
    void anonymousPlateVerifyNeedsNoTokenButOtherPlateCallsDo() {
        registration.stubFor(post(urlEqualTo("/api/plates/verify")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"valid\":false,\"reason\":\"MALFORMED\"}")));
        registration.stubFor(get(urlEqualTo("/api/plates/public-key")).willReturn(aResponse().withStatus(200)
                .withBody("-----BEGIN PUBLIC KEY-----")));
        given().contentType(ContentType.JSON).body("{\"qrPayload\":\"x\"}").post("/api/plates/verify")
                .then().statusCode(200);
        given().get("/api/plates/public-key").then().statusCode(200);
        given().get("/api/plates/沪A12345").then().statusCode(401);
        registration.verify(postRequestedFor(urlEqualTo("/api/plates/verify")).withHeader("Authorization", absent()));
    }

    @Test
    void dotSegmentsCannotSmuggleAProtectedPathPastTheChecks() throws Exception {
        stubOk(registration);
        String response = RawSockets.exchange(base.getPort(), "POST /api/plates/verify/../../vehicles HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(response).matches("(?s)HTTP/1.1 (400|401).*");
        registration.verify(0, anyRequestedFor(urlPathMatching("/api/.*")));
    }

    @Test
    void unknownApiPathsAre404ProblemJson() {
        given().header("Authorization", Tokens.regulator()).get("/api/nothing-here").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void corsAllowsTheConfiguredOriginOnProxiedAndOwnPaths() {
        stubOk(tradein);
        given().header("Origin", "https://owners.test.ebike.local")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "Authorization")
                .options("/api/dealers").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://owners.test.ebike.local");
        List<String> allowed = given().header("Origin", "https://owners.test.ebike.local")
                .header("Authorization", Tokens.regulator()).get("/api/dealers")
                .then().statusCode(200).extract().headers().getValues("Access-Control-Allow-Origin");
        assertThat(allowed).containsExactly("https://owners.test.ebike.local");
        String other = given().header("Origin", "https://evil.example").get("/api/auth/jwks")
                .then().extract().header("Access-Control-Allow-Origin");
        assertThat(other).isNull();
        tradein.verify(1, anyRequestedFor(urlPathEqualTo("/api/dealers")).withHeader("Authorization", matching("Bearer .*")));
    }
}
