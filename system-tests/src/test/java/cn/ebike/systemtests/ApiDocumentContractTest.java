package cn.ebike.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.Suite.Service;
import cn.ebike.systemtests.harness.SuiteExtension;
import cn.ebike.systemtests.harness.Summary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The merged public API document at the gateway ({@code /api/openapi.json}) against the contract and
 * the running services: every endpoint of API.md is in it, every public operation the services publish
 * under a path the gateway forwards is in it, nothing internal (SERVICE-only) is, and every example in
 * it fits the schema it illustrates.
 */
@Order(8)
@ExtendWith(SuiteExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocumentContractTest {

    /** What the gateway forwards, and to whom (its route table, gateway README). */
    static final Map<String, Service> ROUTES = Map.of(
            "/api/owners", Service.REGISTRATION, "/api/vehicles", Service.REGISTRATION, "/api/plates", Service.REGISTRATION,
            "/api/dealers", Service.TRADEIN, "/api/trade-ins", Service.TRADEIN,
            "/api/campaigns", Service.SUBSIDY, "/api/subsidies", Service.SUBSIDY);

    /**
     * Every endpoint API.md lists (checked against API.md itself when the shared folder is beside the
     * checkout, as on CI and the developers' machines).
     */
    static final List<String> API_MD = List.of(
            "POST /api/auth/login", "POST /api/auth/accounts", "POST /api/auth/owner/code", "POST /api/auth/owner/login",
            "GET /api/auth/jwks", "POST /api/auth/refresh", "POST /api/auth/logout",
            "POST /api/owners", "GET /api/owners/me", "PATCH /api/owners/{}",
            "POST /api/vehicles", "POST /api/vehicles/import", "GET /api/vehicles/{}", "GET /api/vehicles",
            "GET /api/vehicles/{}/history", "POST /api/vehicles/{}/plate", "POST /api/vehicles/{}/scrap",
            "GET /api/plates/{}", "GET /api/plates/{}/qr.svg", "POST /api/plates/verify", "GET /api/plates/public-key",
            "GET /api/vehicles/stats",
            "POST /api/dealers", "GET /api/dealers", "GET /api/dealers/{}", "POST /api/dealers/{}/commitment",
            "POST /api/dealers/{}/trade-in-enabled", "DELETE /api/dealers/{}/trade-in-enabled",
            "POST /api/dealers/{}/authorization", "POST /api/dealers/{}/inspections", "GET /api/dealers/{}/inspections",
            "GET /api/dealers/{}/rectifications", "POST /api/dealers/{}/rectifications/{}/submission",
            "POST /api/dealers/{}/rectifications/{}/review", "GET /api/dealers/{}/credit", "GET /api/dealers/{}/public",
            "POST /api/trade-ins", "POST /api/trade-ins/{}/recycling", "POST /api/trade-ins/{}/new-vehicle",
            "POST /api/trade-ins/{}/completion", "POST /api/trade-ins/{}/cancellation", "GET /api/trade-ins/{}",
            "GET /api/trade-ins", "GET /api/trade-ins/stats",
            "POST /api/campaigns", "GET /api/campaigns", "GET /api/campaigns/{}", "POST /api/subsidies/claims",
            "GET /api/subsidies/{}", "GET /api/subsidies/me", "GET /api/subsidies", "PUT /api/subsidies/wallet",
            "GET /api/subsidies/wallet", "POST /api/subsidies/{}/payout-retry", "GET /api/campaigns/{}/stats",
            "GET /api/campaigns/{}/reconciliation", "GET /api/campaigns/{}/burndown",
            "GET /api/stats/overview", "GET /api/stats/completion", "GET /api/stats/series", "GET /api/stats/funnel",
            "GET /api/stats/dealers", "GET /api/stats/signals", "GET /api/stats/audit");

    /**
     * In API.md's second wave (2026-11-30) and not built in main when this test was written: they must
     * not be in the document yet, and when one lands this list must lose it (the test says so), so the
     * contract and the document cannot drift apart silently.
     */
    static final Set<String> NOT_BUILT_YET = Set.of();

    private final Api api;
    private final Suite suite;
    private final ObjectMapper json = new ObjectMapper();
    private JsonNode merged;
    private final Map<Service, JsonNode> own = new java.util.EnumMap<>(Service.class);

    ApiDocumentContractTest(Api api, Suite suite) {
        this.api = api;
        this.suite = suite;
    }

    @BeforeAll
    void documents() throws Exception {
        // the gateway may have asked before every service was ready: it tries again every few seconds
        Api.await("a complete merged API document", Duration.ofSeconds(90), () -> {
            merged = read(api.anonymous().get("/api/openapi.json").then().statusCode(200).extract().asString());
            return !merged.path("info").has("x-ebike-missing");
        });
        for (Service s : Service.values()) {
            own.put(s, read(given().baseUri(suite.url(s)).queryParam("format", "json").get("/q/openapi")
                    .then().statusCode(200).extract().asString()));
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalise(String path) {
        return path.replaceAll("\\{[^}]+}", "{}").replaceAll("/+$", "");
    }

    private static Set<String> operations(JsonNode doc) {
        Set<String> ops = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (Iterator<String> m = e.getValue().fieldNames(); m.hasNext(); ) {
                String method = m.next();
                if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
                    ops.add(method.toUpperCase() + " " + normalise(e.getKey()));
                }
            }
        }
        return ops;
    }

    private static List<String> roles(JsonNode operation) {
        List<String> roles = new ArrayList<>();
        operation.path("security").forEach(req -> req.elements().forEachRemaining(r -> r.forEach(x -> roles.add(x.asText()))));
        return roles;
    }

    @Test
    void everyEndpointOfApiMdIsInTheDocument() throws Exception {
        Set<String> inDocument = operations(merged);
        Set<String> missing = new TreeSet<>(API_MD);
        missing.removeAll(inDocument);
        missing.removeAll(NOT_BUILT_YET);
        assertThat(missing).as("API.md endpoints missing from /api/openapi.json").isEmpty();
        Set<String> landed = new TreeSet<>(NOT_BUILT_YET);
        landed.retainAll(inDocument);
        assertThat(landed).as("built now: remove them from NOT_BUILT_YET").isEmpty();
        Path apiMd = apiMd();
        if (apiMd != null) {
            Set<String> listed = parseApiMd(Files.readString(apiMd));
            assertThat(new TreeSet<>(API_MD)).as("this test's list of API.md endpoints, against " + apiMd)
                    .containsAll(listed);
        }
        Summary.line("API document: %d operations; the %d built endpoints of API.md in it (%d not built yet)%s",
                inDocument.size(), API_MD.size() - NOT_BUILT_YET.size(), NOT_BUILT_YET.size(),
                apiMd == null ? "" : " (list checked against " + apiMd + ")");
    }

    @Test
    void everyPublicOperationTheGatewayForwardsIsInTheDocumentAndNothingInternal() {
        Set<String> inDocument = operations(merged);
        Set<String> expected = new TreeSet<>();
        Set<String> internal = new TreeSet<>();
        for (Service s : Service.values()) {
            JsonNode doc = own.get(s);
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = e.getKey();
                boolean served = s == Service.GATEWAY ? path.startsWith("/api/auth") || path.startsWith("/api/stats")
                        : ROUTES.entrySet().stream().anyMatch(r -> r.getValue() == s
                                && (path.equals(r.getKey()) || path.startsWith(r.getKey() + "/")));
                if (!served) {
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> m = e.getValue().fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = m.next();
                    if (!Set.of("get", "post", "put", "delete", "patch").contains(op.getKey())) {
                        continue;
                    }
                    String key = op.getKey().toUpperCase() + " " + normalise(path);
                    List<String> roles = roles(op.getValue());
                    if (op.getValue().path("x-internal").asBoolean(false)
                            || (!roles.isEmpty() && roles.stream().allMatch("SERVICE"::equals))) {
                        internal.add(key); // SERVICE only, or marked x-internal (the figures' parts behind /api/stats)
                    } else {
                        expected.add(key);
                    }
                }
            }
        }
        assertThat(internal).as("the services' SERVICE-only endpoints")
                .contains("POST /api/owners/lookup", "POST /api/vehicles/lookup", "POST /api/trade-ins/lookup");
        assertThat(inDocument).as("public operations the gateway forwards or serves").containsAll(expected);
        assertThat(inDocument).as("internal operations").doesNotContainAnyElementsOf(internal);
        assertThat(inDocument).as("nothing the gateway does not serve").allSatisfy(op -> assertThat(op.split(" ")[1])
                .matches("/api/(auth|stats|owners|vehicles|plates|dealers|trade-ins|campaigns|subsidies)(/.*)?"));
        for (String prefix : ROUTES.keySet()) {
            assertThat(inDocument).as("operations under " + prefix).anyMatch(op -> op.contains(" " + prefix));
        }
        // no role SERVICE is advertised, and every secured operation offers the bearer scheme
        merged.path("paths").forEach(item -> item.fields().forEachRemaining(op -> {
            if (op.getValue().has("x-roles")) {
                assertThat(op.getValue().path("x-roles").toString()).doesNotContain("SERVICE");
                assertThat(op.getValue().path("security").toString()).contains("bearerAuth");
            }
        }));
        assertThat(merged.path("components").path("securitySchemes").has("bearerAuth")).isTrue();
        assertThat(merged.path("components").path("securitySchemes").path("dealerClient").path("flows")
                .path("clientCredentials").path("tokenUrl").asText()).isEqualTo("/api/auth/token");
        assertThat(merged.path("components").path("schemas").has("Problem")).isTrue();
        Summary.line("API document: %d public operations forwarded or served, %d internal ones left out",
                expected.size(), internal.size());
    }

    @Test
    void everyExampleFitsTheSchemaItIllustrates() {
        int checked = 0;
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = merged.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = e.getValue().fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> op = m.next();
                JsonNode media = op.getValue().path("requestBody").path("content").path("application/json");
                if (!media.has("example")) {
                    continue;
                }
                checked++;
                JsonNode schema = resolve(media.path("schema"));
                String where = op.getKey().toUpperCase() + " " + e.getKey();
                JsonNode example = media.get("example");
                Set<String> known = new TreeSet<>();
                schema.path("properties").fieldNames().forEachRemaining(known::add);
                if (example.isObject() && known.isEmpty()) {
                    problems.add(where + ": the request schema lists no properties to check the example against");
                }
                example.fieldNames().forEachRemaining(name -> {
                    if (!known.contains(name)) {
                        problems.add(where + ": example field " + name + " is not in the schema " + known);
                    }
                });
                schema.path("required").forEach(r -> {
                    if (!example.has(r.asText())) {
                        problems.add(where + ": example lacks required " + r.asText());
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("operations with a request example").isGreaterThanOrEqualTo(10);
        Summary.line("API document: %d request examples fit their schemas", checked);
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/components/schemas/")) {
            return merged.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    private Path apiMd() {
        Path root = Path.of(System.getProperty("suite.root", "..")).toAbsolutePath().normalize();
        for (Path p = root; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/API.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The endpoints in API.md's tables: "| GET /api/x, GET /api/y | …". */
    static Set<String> parseApiMd(String text) {
        Set<String> out = new TreeSet<>();
        Pattern cell = Pattern.compile("^\\| ([^|]+?) \\|", Pattern.MULTILINE);
        Pattern endpoint = Pattern.compile("(GET|POST|PUT|PATCH|DELETE) (/api/[^ ,?|\\\\]+)");
        Matcher rows = cell.matcher(text);
        while (rows.find()) {
            Matcher m = endpoint.matcher(rows.group(1));
            while (m.find()) {
                out.add(m.group(1) + " " + normalise(m.group(2)));
            }
        }
        return out;
    }
}
