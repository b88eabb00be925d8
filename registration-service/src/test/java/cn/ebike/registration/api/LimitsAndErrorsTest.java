package cn.ebike.registration.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.common.testing.RawSockets;
import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LimitsAndErrorsTest {

    @TestHTTPResource("/")
    URL root;

    /** Sends only the headers of a request announcing {@code length} bytes, reads the status line. */
    private String announce(String path, String contentType, long length) throws Exception {
        try (Socket socket = RawSockets.open(root.getPort(), 10_000)) {
            RawSockets.write(socket, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + Tokens.regulator() + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length
                    + "\r\n\r\n");
            return RawSockets.readResponse(socket);
        }
    }

    @Test
    void aJsonBodyOverOneMebibyteIs413() {
        String big = "{\"name\":\"" + "a".repeat(1024 * 1024) + "\"}";
        Api.json(Tokens.regulator()).body(big).post("/api/owners").then().statusCode(413)
                .contentType(containsString("application/problem+json")).body("status", equalTo(413));
    }

    @Test
    void aChunkedJsonBodyOverOneMebibyteIs413() throws Exception {
        byte[] big = ("{\"name\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(root.toString() + "api/owners"))
                .header("Authorization", "Bearer " + Tokens.regulator()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("payload-too-large");
    }

    @Test
    void anAnnouncedJsonBodyOverTheLimitIsRefusedBeforeItIsSent() throws Exception {
        assertThat(announce("/api/owners", "application/json", 1024 * 1024 + 1)).startsWith("HTTP/1.1 413")
                .contains("application/problem+json");
    }

    @Test
    void theImportAcceptsMoreThanOneMebibyteButNotOver64() throws Exception {
        assertThat(announce("/api/vehicles/import", "text/csv", 64L * 1024 * 1024 + 1)).startsWith("HTTP/1.1 413");
        StringBuilder csv = new StringBuilder(
                "frameNumber,motorNumber,brand,model,batteryType,ownerName,ownerIdNumber,ownerPhone,filedAt,plateNumber\n");
        while (csv.length() < 1100 * 1024) {
            csv.append("BAD,M,b,m,LITHIUM,王,1,1,2023-01-01,\n");
        }
        Api.as(Tokens.regulator()).contentType("text/csv").body(csv.toString()).post("/api/vehicles/import").then()
                .statusCode(200).body("imported", equalTo(0)).body("errorsOmitted", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void unknownPathsAndMethodsAnswerProblemJson() {
        Api.as(Tokens.regulator()).get("/api/nothing-here").then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        Api.as(Tokens.regulator()).delete("/api/vehicles/stats").then().statusCode(405)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void openApiAndMetricsAreServed() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/vehicles/import"));
        given().get("/q/metrics").then().statusCode(200);
    }
}
