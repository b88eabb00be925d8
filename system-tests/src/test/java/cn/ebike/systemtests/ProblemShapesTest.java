package cn.ebike.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Summary;
import cn.ebike.systemtests.harness.SuiteExtension;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One error shape for the whole suite: the same kind of bad request sent through the gateway to each
 * service (and to the gateway's own endpoints) comes back with byte-identical {@code type},
 * {@code title} and {@code errors}, as the registry in API.md says.
 */
@Order(7)
@ExtendWith(SuiteExtension.class)
class ProblemShapesTest {

    private static final String TYPES = "https://ebike.local/problems/";

    /** One way to send the same kind of request to one service: who calls, which method and path. */
    private record Target(String service, Function<Api, RequestSpecification> caller, String method, String path) {
    }

    @Test
    void unreadableJsonIsTheSameInvalidInputEverywhere(Api api) {
        List<Target> targets = List.of(
                new Target("registration", Api::regulatorSpec, "POST", "/api/owners"),
                new Target("tradein", Api::regulatorSpec, "POST", "/api/dealers"),
                new Target("subsidy", Api::regulatorSpec, "POST", "/api/campaigns"),
                new Target("gateway", a -> a.as(a.admin()), "POST", "/api/auth/accounts"));
        Map<String, Object> shape = sameShapeEverywhere(api, targets, spec -> spec.body("{\"name\": "), 400);
        assertThat(shape).containsEntry("type", TYPES + "invalid-input").containsEntry("title", "Invalid input");
        assertThat(shape.get("errors")).isEqualTo(List.of(Map.of("field", "body", "message", "is not valid JSON")));

        Map<String, Object> array = sameShapeEverywhere(api, targets, spec -> spec.body("[1, 2]"), 400);
        assertThat(array.get("errors")).isEqualTo(
                List.of(Map.of("field", "body", "message", "must be a JSON object of the documented shape")));
    }

    @Test
    void anUnknownIdIsTheSameNotFoundEverywhere(Api api) {
        String unknown = UUID.randomUUID().toString();
        Map<String, Object> shape = sameShapeEverywhere(api, List.of(
                new Target("registration", Api::regulatorSpec, "GET", "/api/vehicles/" + unknown),
                new Target("tradein", Api::regulatorSpec, "GET", "/api/dealers/" + unknown),
                new Target("subsidy", Api::regulatorSpec, "GET", "/api/campaigns/" + unknown),
                new Target("gateway", Api::regulatorSpec, "GET", "/api/no-such-thing")), spec -> spec, 404);
        assertThat(shape).containsEntry("type", TYPES + "not-found").containsEntry("title", "Not found")
                .containsEntry("errors", List.of());
    }

    @Test
    void aRoleThatMayNotIsTheSameForbiddenEverywhere(Api api) {
        Dealer dealer = api.dealer("拱墅区", false);
        Function<Api, RequestSpecification> asDealer = a -> a.as(a.token(dealer));
        Map<String, Object> shape = sameShapeEverywhere(api, List.of(
                new Target("registration", asDealer, "GET", "/api/vehicles/stats"),
                new Target("tradein", asDealer, "GET", "/api/trade-ins/stats"),
                new Target("subsidy", asDealer, "GET", "/api/subsidies"),
                new Target("gateway", asDealer, "GET", "/api/stats/overview")), spec -> spec, 403);
        assertThat(shape).containsEntry("type", TYPES + "forbidden").containsEntry("title", "Forbidden")
                .containsEntry("errors", List.of());
    }

    @Test
    void badPagingIsTheSameInvalidInputNamingEachParameter(Api api) {
        Map<String, Object> shape = sameShapeEverywhere(api, List.of(
                new Target("registration", Api::regulatorSpec, "GET", "/api/vehicles?page=x&size=1.5"),
                new Target("tradein", Api::regulatorSpec, "GET", "/api/dealers?page=x&size=1.5"),
                new Target("subsidy", Api::regulatorSpec, "GET", "/api/subsidies?page=x&size=1.5")), spec -> spec, 400);
        assertThat(shape).containsEntry("type", TYPES + "invalid-input");
        assertThat(shape.get("errors")).isEqualTo(List.of(
                Map.of("field", "page", "message", "must be a whole number from 0"),
                Map.of("field", "size", "message", "must be a whole number from 1 to 200")));
    }

    @Test
    void aPageBeyondAnyOffsetIsAnEmptyPageNotAFailure(Api api) {
        for (String path : List.of("/api/vehicles", "/api/dealers", "/api/trade-ins", "/api/campaigns", "/api/subsidies")) {
            Response r = api.regulatorSpec().queryParam("page", "10737419").queryParam("size", "200").get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.jsonPath().getList("items")).as(path).isEmpty();
            assertThat(r.jsonPath().getLong("page")).as(path).isEqualTo(10737419L);
        }
        for (String path : List.of("/api/vehicles", "/api/dealers", "/api/subsidies")) {
            Response r = api.regulatorSpec().queryParam("page", Long.toString(Long.MAX_VALUE / 100))
                    .queryParam("size", "200").get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.jsonPath().getString("errors[0].field")).as(path).isEqualTo("page");
        }
    }

    @Test
    void aMissingTokenIsTheSameUnauthorizedForEveryService(Api api) {
        Map<String, Object> shape = sameShapeEverywhere(api, List.of(
                new Target("registration", Api::anonymous, "GET", "/api/vehicles"),
                new Target("tradein", Api::anonymous, "GET", "/api/dealers"),
                new Target("subsidy", Api::anonymous, "GET", "/api/subsidies"),
                new Target("gateway", Api::anonymous, "GET", "/api/stats/overview")), spec -> spec, 401);
        assertThat(shape).containsEntry("type", TYPES + "unauthorized").containsEntry("title", "Unauthorized")
                .containsEntry("errors", List.of());
    }

    @Test
    void aFractionWhereAWholeNumberIsDueIsRefusedNotTruncated(Api api) {
        Response r = api.regulatorSpec().body("{\"name\":\"小数测试\",\"district\":\"西湖区\",\"filedBefore\":\"2025-01-01T00:00:00Z\","
                + "\"phases\":[{\"name\":\"一\",\"startsAt\":\"2030-01-01T00:00:00Z\",\"endsAt\":\"2030-02-01T00:00:00Z\","
                + "\"amountFen\":100.5,\"quota\":10}]}").post("/api/campaigns");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("type")).isEqualTo(TYPES + "invalid-input");
        assertThat(r.jsonPath().getList("errors")).isEqualTo(
                List.of(Map.of("field", "phases[0].amountFen", "message", "must be a whole number")));
        Summary.line("problem shapes: invalid-input, not-found, forbidden, unauthorized identical across 4 services");
    }

    private static Map<String, Object> sameShapeEverywhere(Api api, List<Target> targets,
            Function<RequestSpecification, RequestSpecification> request, int status) {
        Map<String, Map<String, Object>> shapes = new LinkedHashMap<>();
        for (Target t : targets) {
            Response r = request.apply(t.caller().apply(api)).request(t.method(), t.path());
            assertThat(r.statusCode()).as(t.service() + " " + t.method() + " " + t.path()).isEqualTo(status);
            assertThat(r.contentType()).as(t.service()).startsWith("application/problem+json");
            Map<String, Object> shape = new LinkedHashMap<>();
            shape.put("type", r.jsonPath().getString("type"));
            shape.put("title", r.jsonPath().getString("title"));
            shape.put("status", r.jsonPath().getInt("status"));
            shape.put("errors", r.jsonPath().getList("errors"));
            shapes.put(t.service(), shape);
        }
        Map<String, Object> first = shapes.values().iterator().next();
        assertThat(shapes).as("the same problem from every service").allSatisfy((service, shape) ->
                assertThat(shape).as(service).isEqualTo(first));
        return first;
    }
}
