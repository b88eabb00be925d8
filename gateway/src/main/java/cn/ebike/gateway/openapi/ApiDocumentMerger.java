package cn.ebike.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the one public API document from the four services' own OpenAPI documents (never written by
 * hand): the paths each service owns at the gateway, minus internal operations (those only a SERVICE
 * token may call — the services mark them with {@code @RolesAllowed("SERVICE")}, which their documents
 * carry as the security requirement's roles — or marked {@code x-internal: true}); one tag per domain;
 * the bearer and client-credentials security schemes; the problem+json schema and standard error
 * answers on every operation; request examples in Chinese data from {@code openapi/examples.json}.
 * Schemas with the same name but different shapes in two services are renamed with the service's name.
 *
 * <p>Pure: the gateway runs it at start and on refresh ({@link ApiDocument}), and the build runs it on
 * the documents Quarkus generated ({@link MergeCli}), so both produce the same document.
 */
public final class ApiDocumentMerger {

    /** One service's document; {@code doc} null when it could not be had. */
    public record Part(String service, List<String> prefixes, JsonNode doc) {
    }

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private static final Map<String, String> TAGS = new LinkedHashMap<>();
    private static final Map<String, String> TAG_DESCRIPTIONS = new LinkedHashMap<>();

    static {
        tag("/api/auth/clients", "Dealer API clients", "经销商接口凭证: client credentials for shop software (ADMIN, REGULATOR; a dealer's staff read their own)");
        tag("/api/auth", "Auth", "登录与令牌: staff and owner sign-in, client credentials, the keys that verify tokens");
        tag("/api/stats", "Stats", "监管统计: regulators' figures composed from the services");
        tag("/api/owners", "Owners", "车主: owners (personal data masked)");
        tag("/api/vehicles", "Vehicles", "车辆赋码登记: coded registration, filed non-standard bikes, scrapping");
        tag("/api/plates", "Plates", "数字化车牌: digital plates and their QR check");
        tag("/api/dealers", "Dealers", "经销商: dealers, commitment, trade-in activation, authorisation, supervision");
        tag("/api/trade-ins", "Trade-ins", "淘汰置换: open, recycle, record the new bike, complete");
        tag("/api/campaigns", "Campaigns", "补贴活动: campaigns and their first-come phases");
        tag("/api/subsidies", "Subsidies", "补贴: grants, payouts, wallets");
    }

    private static void tag(String prefix, String name, String description) {
        TAGS.put(prefix, name);
        TAG_DESCRIPTIONS.put(name, description);
    }

    private final ObjectMapper json;
    private final JsonNode examples;

    public ApiDocumentMerger(ObjectMapper json) {
        this.json = json;
        try (InputStream in = ApiDocumentMerger.class.getClassLoader().getResourceAsStream("openapi/examples.json")) {
            this.examples = in == null ? json.createObjectNode() : json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The examples overlay: {@code "POST /api/trade-ins" → {"requestBody": …}}. */
    public JsonNode examples() {
        return examples;
    }

    /** The domain tag of a gateway path, or null for a path the gateway does not serve. */
    public static String tagOf(String path) {
        for (Map.Entry<String, String> e : TAGS.entrySet()) {
            String p = e.getKey();
            if (path.equals(p) || path.startsWith(p + "/")) {
                return e.getValue();
            }
        }
        return null;
    }

    public ObjectNode merge(List<Part> parts, String version) {
        ObjectNode out = json.createObjectNode();
        out.put("openapi", "3.1.0");
        ObjectNode info = out.putObject("info");
        info.put("title", "电动自行车以旧换新与补贴平台 API — e-bike trade-in and subsidy suite");
        info.put("version", version);
        List<String> missing = new ArrayList<>();
        ArrayNode sources = json.createArrayNode();
        for (Part p : parts) {
            ObjectNode s = sources.addObject().put("service", p.service()).put("loaded", p.doc() != null);
            if (p.doc() == null) {
                missing.add(p.service());
            } else {
                s.put("version", p.doc().path("info").path("version").asText(""));
            }
        }
        StringBuilder description = new StringBuilder("""
                One document for every public operation of the suite, merged by the gateway from the services' \
                own documents. Every path is relative to the gateway. Sign in (staff: `POST /api/auth/login`; \
                owners: SMS code) or, for dealer software, obtain a DEALER token with client credentials \
                (`POST /api/auth/token`, `grant_type=client_credentials`) and send `Authorization: Bearer <token>`. \
                Errors are `application/problem+json`. Money is integer fen; times are RFC 3339 in UTC.""");
        if (!missing.isEmpty()) {
            description.append("\n\n**Incomplete:** the documents of ").append(String.join(", ", missing))
                    .append(" could not be fetched yet; their operations are missing here until the gateway's next try.");
        }
        info.put("description", description.toString());
        info.set("x-ebike-sources", sources);
        if (!missing.isEmpty()) {
            ArrayNode m = info.putArray("x-ebike-missing");
            missing.forEach(m::add);
        }
        out.putArray("servers").addObject().put("url", "/").put("description", "this gateway");

        ObjectNode paths = out.putObject("paths");
        ObjectNode components = out.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        Map<String, String> schemaOwner = new LinkedHashMap<>();
        Set<String> operationIds = new TreeSet<>();
        Set<String> usedTags = new LinkedHashSet<>();

        for (Part part : parts) {
            if (part.doc() == null) {
                continue;
            }
            ObjectNode doc = part.doc().deepCopy();
            // schema names taken by another service with a different shape get this service's prefix
            Map<String, String> renames = new LinkedHashMap<>();
            JsonNode theirSchemas = doc.path("components").path("schemas");
            for (Iterator<String> it = theirSchemas.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (schemas.has(name) && !schemas.get(name).equals(theirSchemas.get(name))) {
                    renames.put(name, serviceWord(part.service()) + name);
                }
            }
            // a Jackson tree an endpoint returns as is (the overview) is free-form JSON, not a type named
            // JsonNode with Jackson's internals as properties
            if (theirSchemas.has("JsonNode")) {
                renames.put("JsonNode", "FreeFormJson");
            }
            if (!renames.isEmpty()) {
                renameRefs(doc, renames);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("components").path("schemas").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = renames.getOrDefault(e.getKey(), e.getKey());
                if (name.equals("FreeFormJson")) {
                    schemas.set(name, json.createObjectNode().put("type", "object").put("additionalProperties", true)
                            .put("description", "Free-form JSON"));
                    continue;
                }
                if (e.getKey().equals("JsonNodeType")) {
                    continue; // only JsonNode's internals used it
                }
                if (!schemas.has(name)) {
                    schemas.set(name, e.getValue());
                    schemaOwner.put(name, part.service());
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = e.getKey();
                if (!owned(part, path)) {
                    continue;
                }
                ObjectNode item = json.createObjectNode();
                for (Iterator<Map.Entry<String, JsonNode>> ops = e.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (!METHODS.contains(op.getKey())) {
                        item.set(op.getKey(), op.getValue()); // parameters shared by the path's operations
                        continue;
                    }
                    ObjectNode operation = (ObjectNode) op.getValue();
                    List<String> roles = roles(operation);
                    if (internal(operation, roles)) {
                        continue;
                    }
                    item.set(op.getKey(), publicOperation(op.getKey(), path, operation, roles, operationIds, usedTags));
                }
                if (hasOperation(item)) {
                    paths.set(path, item);
                }
            }
        }
        schemas.set("Problem", problemSchema());
        schemas.set("FieldError", fieldErrorSchema());
        components.set("responses", problemResponses());
        ObjectNode security = components.putObject("securitySchemes");
        security.putObject("bearerAuth").put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                .put("description", "An access token from POST /api/auth/login, /api/auth/owner/login or /api/auth/token "
                        + "(RS256, at most 15 minutes).");
        ObjectNode oauth = security.putObject("dealerClient").put("type", "oauth2")
                .put("description", "Dealer API clients: client credentials (client_secret_basic or client_secret_post) "
                        + "give a DEALER token bound to the client's dealer.");
        oauth.putObject("flows").putObject("clientCredentials").put("tokenUrl", "/api/auth/token").putObject("scopes");
        ArrayNode tags = out.putArray("tags");
        for (Map.Entry<String, String> t : TAG_DESCRIPTIONS.entrySet()) {
            if (usedTags.contains(t.getKey())) {
                tags.addObject().put("name", t.getKey()).put("description", t.getValue());
            }
        }
        sortPaths(out);
        return out;
    }

    private static boolean owned(Part part, String path) {
        if (!path.startsWith("/api/")) {
            return false;
        }
        for (String prefix : part.prefixes()) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The roles of the operation's security requirement (SmallRye lists @RolesAllowed there). */
    static List<String> roles(JsonNode operation) {
        List<String> roles = new ArrayList<>();
        for (JsonNode requirement : operation.path("security")) {
            for (Iterator<JsonNode> it = requirement.elements(); it.hasNext(); ) {
                it.next().forEach(r -> roles.add(r.asText()));
            }
        }
        return roles;
    }

    /** Only a SERVICE token may call it (or the service says so): not part of the public API. */
    static boolean internal(JsonNode operation, List<String> roles) {
        if (operation.path("x-internal").asBoolean(false)) {
            return true;
        }
        return !roles.isEmpty() && roles.stream().allMatch("SERVICE"::equals);
    }

    private ObjectNode publicOperation(String method, String path, ObjectNode operation, List<String> roles,
            Set<String> operationIds, Set<String> usedTags) {
        String tag = tagOf(path);
        usedTags.add(tag);
        operation.putArray("tags").add(tag);
        if (!operation.hasNonNull("operationId")) {
            String id = operationId(method, path);
            String unique = id;
            for (int i = 2; operationIds.contains(unique); i++) {
                unique = id + i;
            }
            operation.put("operationId", unique);
        }
        operationIds.add(operation.get("operationId").asText());
        List<String> publicRoles = roles.stream().filter(r -> !"SERVICE".equals(r)).distinct().toList();
        ArrayNode security = operation.putArray("security");
        if (!publicRoles.isEmpty()) {
            security.addObject().putArray("bearerAuth");
            if (publicRoles.contains("DEALER")) {
                security.addObject().putArray("dealerClient");
            }
            ArrayNode x = operation.putArray("x-roles");
            publicRoles.forEach(x::add);
            String who = "Roles: " + String.join(", ", publicRoles) + ".";
            String d = operation.path("description").asText("");
            operation.put("description", d.isEmpty() ? who : d + "\n\n" + who);
        } else {
            operation.put("description", (operation.path("description").asText("") + "\n\nAnonymous (rate-limited per client address).").strip());
        }
        ObjectNode responses = operation.with("responses");
        // the services' bare 400/401/403 ("Not Authorized", no body) become the problem+json answers
        standard(responses, "400", "BadRequest");
        if (!publicRoles.isEmpty()) {
            standard(responses, "401", "Unauthorized");
            standard(responses, "403", "Forbidden");
        }
        if (path.contains("{")) {
            standard(responses, "404", "NotFound");
        }
        if (!"get".equals(method)) {
            standard(responses, "409", "Conflict");
        }
        standard(responses, "413", "PayloadTooLarge");
        standard(responses, "429", "TooManyRequests");
        standard(responses, "503", "ServiceUnavailable");
        JsonNode example = examples.path(method.toUpperCase(Locale.ROOT) + " " + path);
        if (!example.isMissingNode()) {
            JsonNode body = operation.path("requestBody").path("content");
            for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> media = it.next();
                if (media.getKey().startsWith("application/json") && example.has("requestBody")) {
                    ((ObjectNode) media.getValue()).set("example", example.get("requestBody"));
                }
                if (media.getKey().startsWith("text/csv") && example.has("csv")) {
                    ((ObjectNode) media.getValue()).set("example", example.get("csv"));
                }
            }
            if (example.has("response")) {
                JsonNode ok = firstSuccess(responses);
                if (ok != null) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = ok.path("content").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> media = it.next();
                        if (media.getKey().startsWith("application/json")) {
                            ((ObjectNode) media.getValue()).set("example", example.get("response"));
                        }
                    }
                }
            }
        }
        return operation;
    }

    private static JsonNode firstSuccess(ObjectNode responses) {
        for (Iterator<String> it = responses.fieldNames(); it.hasNext(); ) {
            String code = it.next();
            if (code.startsWith("2")) {
                return responses.get(code);
            }
        }
        return null;
    }

    private void standard(ObjectNode responses, String code, String name) {
        JsonNode existing = responses.get(code);
        if (existing == null || !existing.has("content")) {
            responses.set(code, json.createObjectNode().put("$ref", "#/components/responses/" + name));
        }
    }

    /** {@code POST /api/trade-ins/{id}/recycling} → {@code postTradeInsByIdRecycling}. */
    static String operationId(String method, String path) {
        StringBuilder sb = new StringBuilder(method.toLowerCase(Locale.ROOT));
        for (String segment : path.substring("/api/".length()).split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.startsWith("{")) {
                sb.append("By");
                segment = segment.substring(1, segment.length() - 1);
            }
            for (String word : segment.split("[-_.]")) {
                if (!word.isEmpty()) {
                    sb.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                }
            }
        }
        return sb.toString();
    }

    private static boolean hasOperation(ObjectNode item) {
        for (String m : METHODS) {
            if (item.has(m)) {
                return true;
            }
        }
        return false;
    }

    private static String serviceWord(String service) {
        String first = service.split("-")[0];
        return Character.toUpperCase(first.charAt(0)) + first.substring(1);
    }

    private static void renameRefs(JsonNode node, Map<String, String> renames) {
        if (node instanceof ObjectNode o) {
            JsonNode ref = o.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/components/schemas/")) {
                String name = ref.asText().substring("#/components/schemas/".length());
                if (renames.containsKey(name)) {
                    o.set("$ref", TextNode.valueOf("#/components/schemas/" + renames.get(name)));
                }
            }
            o.elements().forEachRemaining(child -> renameRefs(child, renames));
        } else if (node instanceof ArrayNode a) {
            a.forEach(child -> renameRefs(child, renames));
        }
    }

    private static void sortPaths(ObjectNode out) {
        ObjectNode paths = (ObjectNode) out.get("paths");
        TreeSet<String> names = new TreeSet<>();
        paths.fieldNames().forEachRemaining(names::add);
        ObjectNode sorted = paths.objectNode();
        names.forEach(n -> sorted.set(n, paths.get(n)));
        out.set("paths", sorted);
    }

    private ObjectNode problemSchema() {
        ObjectNode s = json.createObjectNode().put("type", "object")
                .put("description", "RFC 9457 problem details, the one error shape of every service and the gateway.");
        s.putArray("required").add("type").add("title").add("status").add("errors");
        ObjectNode p = s.putObject("properties");
        p.putObject("type").put("type", "string").put("format", "uri")
                .put("description", "https://ebike.local/problems/<kind>, e.g. invalid-input, conflict, rate-limited");
        p.putObject("title").put("type", "string");
        p.putObject("status").put("type", "integer");
        p.putObject("detail").put("type", "string");
        p.putObject("errors").put("type", "array").putObject("items").put("$ref", "#/components/schemas/FieldError");
        ObjectNode example = s.putObject("example");
        example.put("type", "https://ebike.local/problems/invalid-input").put("title", "Invalid input").put("status", 400)
                .put("detail", "The request has 1 invalid field(s).");
        example.putArray("errors").addObject().put("field", "idNumber").put("message", "身份证号校验位不正确");
        return s;
    }

    private ObjectNode fieldErrorSchema() {
        ObjectNode s = json.createObjectNode().put("type", "object");
        s.putArray("required").add("field").add("message");
        s.putObject("properties").set("field", json.createObjectNode().put("type", "string"));
        ((ObjectNode) s.get("properties")).set("message", json.createObjectNode().put("type", "string"));
        return s;
    }

    private ObjectNode problemResponses() {
        ObjectNode r = json.createObjectNode();
        problem(r, "BadRequest", "Invalid input: every bad field is listed in errors");
        problem(r, "Unauthorized", "Missing, invalid or expired token");
        problem(r, "Forbidden", "The token's role may not do this");
        problem(r, "NotFound", "No such object, or one the caller may not see");
        problem(r, "Conflict", "Duplicate, wrong state, or an Idempotency-Key reused with another body");
        problem(r, "PayloadTooLarge", "Body over the limit (1 MiB; 64 MiB for the CSV import)");
        ObjectNode tooMany = problem(r, "TooManyRequests", "Rate limited");
        tooMany.putObject("headers").putObject("Retry-After").put("description", "Seconds until a call would pass")
                .putObject("schema").put("type", "integer");
        problem(r, "ServiceUnavailable", "A service it depends on is unavailable; nothing was changed");
        return r;
    }

    private ObjectNode problem(ObjectNode responses, String name, String description) {
        ObjectNode resp = responses.putObject(name).put("description", description);
        resp.putObject("content").putObject("application/problem+json").putObject("schema")
                .put("$ref", "#/components/schemas/Problem");
        return resp;
    }
}
