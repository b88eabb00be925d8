package cn.ebike.systemtests.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/** The workload's HTTP client: JSON in and out, every call recorded, never throws for a failed call. */
final class Http {

    /** A request that takes longer than this "hung": the gateway's own limits (proxy idle 30 s) are below it. */
    static final Duration TIMEOUT = Duration.ofSeconds(35);
    static final ObjectMapper JSON = new ObjectMapper();

    record Resp(int status, JsonNode json, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text(String field) {
            JsonNode n = json.path(field);
            return n.isMissingNode() || n.isNull() ? null : n.asText();
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3))
            .executor(Executors.newFixedThreadPool(4)).build();
    private final Recorder recorder;

    Http(Recorder recorder) {
        this.recorder = recorder;
    }

    Resp call(String endpoint, String method, String url, String token, Object body, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        try {
            HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String[] window = recorder.current();
        long startedAt = System.currentTimeMillis();
        long start = System.nanoTime();
        int status;
        String text = null;
        JsonNode json = MissingNode.getInstance();
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            status = r.statusCode();
            text = r.body();
            if (text != null && !text.isEmpty() && (text.startsWith("{") || text.startsWith("["))) {
                try {
                    json = JSON.readTree(text);
                } catch (IOException ignored) {
                    // not JSON: keep the text
                }
            }
        } catch (HttpTimeoutException e) {
            status = Recorder.CLIENT_TIMEOUT;
            text = e.toString();
        } catch (IOException e) {
            status = Recorder.NO_CONNECTION;
            text = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = Recorder.NO_CONNECTION;
        }
        long micros = (System.nanoTime() - start) / 1000;
        if (endpoint != null) {
            recorder.record(endpoint, window, startedAt, status, micros, text);
        }
        return new Resp(status, json, text);
    }
}
