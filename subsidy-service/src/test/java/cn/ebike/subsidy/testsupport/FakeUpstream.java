package cn.ebike.subsidy.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * tradein-service, registration-service and the gateway's token endpoint, stubbed at HTTP level by
 * one WireMock server; the claim engine reads the sources with their bulk endpoints
 * ({@code POST /api/trade-ins/lookup}, {@code POST /api/vehicles/lookup}). A response transformer answers every request from an in-memory registry
 * keyed by id, so a test can create hundreds of distinct trade-ins (each with its dealer and two
 * vehicles) without one WireMock stub per object. Requests without the current service token are
 * refused with 401, as the real services would.
 */
public class FakeUpstream implements QuarkusTestResourceLifecycleManager {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static final Map<UUID, Map<String, Object>> TRADE_INS = new ConcurrentHashMap<>();
    public static final Map<UUID, Map<String, Object>> DEALERS = new ConcurrentHashMap<>();
    public static final Map<UUID, Map<String, Object>> VEHICLES = new ConcurrentHashMap<>();
    /** Ids whose look-up fails at connection level (the service is "unreachable" for a call that asks for them). */
    public static final Set<UUID> UNREACHABLE = ConcurrentHashMap.newKeySet();
    /** Ids whose look-up answers 500 (the whole call). */
    public static final Set<UUID> FAILING = ConcurrentHashMap.newKeySet();

    public static final AtomicInteger TOKENS_ISSUED = new AtomicInteger();
    public static final AtomicInteger DOWNSTREAM_CALLS = new AtomicInteger();
    /** Bulk reads answered ({@code POST /api/trade-ins/lookup}, {@code POST /api/vehicles/lookup}). */
    public static final AtomicInteger LOOKUPS = new AtomicInteger();
    /** Tokens the fake services no longer accept (simulates a gateway key rotation / expiry). */
    public static final Set<String> REVOKED_TOKENS = ConcurrentHashMap.newKeySet();
    public static volatile String lastTokenRequestBody;
    public static volatile String currentToken;

    static final String CLIENT_SECRET = "test-only-subsidy-client-secret";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .containerThreads(64).jettyAcceptors(2).extensions(new Transformer()));
        server.start();
        server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.ok()));
        String base = "http://127.0.0.1:" + server.port();
        return Map.of(
                "quarkus.rest-client.tradein.url", base,
                "quarkus.rest-client.registration.url", base,
                "subsidy.service-token.url", base + "/api/auth/token");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static final class Transformer implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "fake-upstream";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request req = event.getRequest();
            String url = req.getUrl();
            int q = url.indexOf('?');
            String path = q < 0 ? url : url.substring(0, q);
            if (path.equals("/api/auth/token")) {
                return token(req);
            }
            String auth = req.getHeader("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
            if (token == null || !token.startsWith("stub-service-token-") || REVOKED_TOKENS.contains(token)) {
                return json(401, Map.of("error", "invalid_token"));
            }
            if ("POST".equals(req.getMethod().getName())
                    && (path.equals("/api/trade-ins/lookup") || path.equals("/api/vehicles/lookup"))) {
                return lookup(path.startsWith("/api/trade-ins"), req);
            }
            return json(404, Map.of("title", "Not found"));
        }

        /** The sources' bulk reads: known ids answered, unknown ones absent; one bad id fails the whole call. */
        private ResponseDefinition lookup(boolean tradeIns, Request req) {
            DOWNSTREAM_CALLS.incrementAndGet();
            LOOKUPS.incrementAndGet();
            java.util.List<UUID> ids = new java.util.ArrayList<>();
            try {
                JSON.readTree(req.getBodyAsString()).get("ids").forEach(n -> ids.add(UUID.fromString(n.asText())));
            } catch (Exception e) {
                return json(400, Map.of("title", "Bad Request"));
            }
            if (ids.stream().anyMatch(UNREACHABLE::contains)) {
                return ResponseDefinitionBuilder.responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            }
            if (ids.stream().anyMatch(FAILING::contains)) {
                return json(500, Map.of("title", "Internal Server Error"));
            }
            java.util.List<Map<String, Object>> items = new java.util.ArrayList<>();
            for (UUID id : ids.stream().distinct().toList()) {
                Map<String, Object> found = tradeIns ? TRADE_INS.get(id) : VEHICLES.get(id);
                if (found == null) {
                    continue;
                }
                Map<String, Object> item = new LinkedHashMap<>(found);
                if (tradeIns) {
                    Object dealerId = found.get("dealerId");
                    Map<String, Object> dealer = dealerId == null ? null : DEALERS.get(UUID.fromString(dealerId.toString()));
                    if (dealer != null) {
                        Map<String, Object> summary = new LinkedHashMap<>();
                        summary.put("id", dealer.get("id"));
                        summary.put("district", dealer.get("district"));
                        summary.put("authorizedAgent", dealer.get("authorizedAgent"));
                        item.put("dealer", summary);
                    } else {
                        item.put("dealer", null);
                    }
                }
                items.add(item);
            }
            return json(200, Map.of("items", items));
        }

        private ResponseDefinition token(Request req) {
            String body = req.getBodyAsString();
            lastTokenRequestBody = body;
            if (!body.contains("grant_type=client_credentials") || !body.contains("client_id=subsidy-service")
                    || !body.contains("client_secret=" + CLIENT_SECRET)) {
                return json(401, Map.of("error", "invalid_client"));
            }
            String token = "stub-service-token-" + TOKENS_ISSUED.incrementAndGet();
            currentToken = token;
            return json(200, Map.of("access_token", token, "token_type", "Bearer", "expires_in", 300));
        }

        private static ResponseDefinition json(int status, Object body) {
            try {
                return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                        .withHeader("Content-Type", status >= 400 ? "application/problem+json" : "application/json")
                        .withBody(JSON.writeValueAsString(body)).build();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // the registry, as tests fill it

    /** The ids of one registered trade-in and its related objects. */
    public record TradeIn(UUID id, UUID dealerId, UUID ownerId, UUID oldVehicleId, UUID newVehicleId) {
    }

    public static UUID dealer(String district, boolean authorized) {
        UUID id = UUID.randomUUID();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id.toString());
        d.put("name", "Shop " + id.toString().substring(0, 8));
        d.put("uscc", "91330105MA2XXXXXXX");
        d.put("district", district);
        d.put("authorizedAgent", authorized);
        d.put("tradeInEnabled", true);
        d.put("commitmentSignedAt", "2026-05-01T00:00:00Z");
        DEALERS.put(id, d);
        return id;
    }

    /** A completed, fully eligible trade-in at {@code dealerId}, completed at {@code completedAt}. */
    public static TradeIn eligible(UUID dealerId, UUID ownerId, Instant completedAt, Instant filedAt) {
        UUID id = UUID.randomUUID();
        UUID oldV = UUID.randomUUID();
        UUID newV = UUID.randomUUID();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", id.toString());
        t.put("dealerId", dealerId.toString());
        t.put("ownerId", ownerId.toString());
        t.put("oldVehicleId", oldV.toString());
        t.put("newVehicleId", newV.toString());
        t.put("status", "COMPLETED");
        t.put("openedAt", completedAt.minusSeconds(3600).toString());
        t.put("recycledAt", completedAt.minusSeconds(1800).toString());
        t.put("completedAt", completedAt.toString());
        t.put("recyclingReceiptNo", "R-" + id.toString().substring(0, 8));
        t.put("claimDelivered", false);
        TRADE_INS.put(id, t);

        Map<String, Object> old = vehicle(oldV, ownerId, "NON_STANDARD_FILED", "SCRAPPED");
        old.put("filedAt", filedAt.toString());
        old.put("plateStatus", "REVOKED");
        old.put("scrappedAt", completedAt.minusSeconds(1800).toString());
        old.put("scrapReference", id.toString());
        VEHICLES.put(oldV, old);

        Map<String, Object> nv = vehicle(newV, ownerId, "COMPLIANT", "REGISTERED");
        nv.put("plateStatus", "ACTIVE");
        nv.put("plateNumber", "杭A" + id.toString().substring(0, 5));
        nv.put("cccCertificate", "2021011119000001");
        VEHICLES.put(newV, nv);
        return new TradeIn(id, dealerId, ownerId, oldV, newV);
    }

    /** A trade-in whose old vehicle is an existing one (for "same old vehicle twice"). */
    public static TradeIn reusingOldVehicle(TradeIn earlier, UUID ownerId, Instant completedAt) {
        TradeIn t = eligible(earlier.dealerId(), ownerId, completedAt, Instant.parse("2020-01-01T00:00:00Z"));
        TRADE_INS.get(t.id()).put("oldVehicleId", earlier.oldVehicleId().toString());
        VEHICLES.remove(t.oldVehicleId());
        return new TradeIn(t.id(), t.dealerId(), ownerId, earlier.oldVehicleId(), t.newVehicleId());
    }

    private static Map<String, Object> vehicle(UUID id, UUID ownerId, String category, String status) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id.toString());
        v.put("registrationCode", "RC" + id.toString().substring(0, 10));
        v.put("frameNumber", "1234" + "2" + "24" + id.toString().substring(0, 8).replaceAll("[^0-9]", "7"));
        v.put("brand", "雅迪");
        v.put("model", "DT3");
        v.put("category", category);
        v.put("batteryType", "LITHIUM");
        v.put("status", status);
        v.put("ownerId", ownerId.toString());
        v.put("owner", Map.of("id", ownerId.toString(), "name", "张*"));
        v.put("registeredAt", "2026-01-01T00:00:00Z");
        return v;
    }

    public static Map<String, Object> tradeIn(UUID id) {
        return TRADE_INS.get(id);
    }

    public static Map<String, Object> vehicleOf(UUID id) {
        return VEHICLES.get(id);
    }
}
