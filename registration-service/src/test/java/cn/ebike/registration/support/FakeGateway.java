package cn.ebike.registration.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's token and session-revocation endpoints as registration-service calls them (a JDK HTTP server:
 * no extra test dependency). Records every revocation body; {@link #failNext} makes the next calls answer 503.
 */
public class FakeGateway implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "test-only-registration-client-secret";
    public static final List<String> REVOCATIONS = new CopyOnWriteArrayList<>();
    public static final List<String> TOKEN_REQUESTS = new CopyOnWriteArrayList<>();
    public static final AtomicInteger FAIL_NEXT = new AtomicInteger();
    private HttpServer server;

    public static void failNext(int calls) {
        FAIL_NEXT.set(calls);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/auth/token", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            TOKEN_REQUESTS.add(form);
            if (form.contains("client_id=registration-service") && form.contains("client_secret=" + SECRET)) {
                answer(ex, 200, "{\"access_token\":\"fake-service-token\",\"token_type\":\"Bearer\",\"expires_in\":300}");
            } else {
                answer(ex, 401, "{}");
            }
        });
        server.createContext("/api/auth/sessions/revocations", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (FAIL_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(ex, 503, "{}");
                return;
            }
            if (!"Bearer fake-service-token".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                answer(ex, 401, "{}");
                return;
            }
            REVOCATIONS.add(body);
            answer(ex, 200, "{\"sessionsEnded\":1}");
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("registration.sessions.token-url", base + "/api/auth/token",
                "registration.sessions.client-secret", SECRET);
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
