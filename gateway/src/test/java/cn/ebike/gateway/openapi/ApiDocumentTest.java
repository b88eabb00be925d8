package cn.ebike.gateway.openapi;

import static cn.ebike.gateway.support.WireMockServices.registration;
import static cn.ebike.gateway.support.WireMockServices.subsidy;
import static cn.ebike.gateway.support.WireMockServices.tradein;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.gateway.support.GatewayTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiDocumentTest extends GatewayTestBase {

    /** A service document as SmallRye OpenAPI writes it: roles in the security requirement. */
    static final String REGISTRATION_DOC = """
            {"openapi":"3.1.0","info":{"title":"registration-service","version":"1"},
             "paths":{
              "/api/owners":{"post":{"summary":"Create","tags":["Owner Resource"],
                 "requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/CreateOwnerRequest"}}}},
                 "responses":{"201":{"description":"Created","content":{"application/json":{"schema":{"$ref":"#/components/schemas/OwnerView"}}}},
                              "401":{"description":"Not Authorized"},"403":{"description":"Not Allowed"}},
                 "security":[{"SecurityScheme":["DEALER","REGULATOR"]}]}},
              "/api/owners/lookup":{"post":{"summary":"Lookup","responses":{"200":{"description":"OK"}},
                 "security":[{"SecurityScheme":["SERVICE"]}]}},
              "/api/vehicles/{id}":{"get":{"summary":"Get","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],
                 "responses":{"200":{"description":"OK"}},"security":[{"SecurityScheme":["OWNER","DEALER","REGULATOR","SERVICE"]}]}},
              "/api/plates/verify":{"post":{"summary":"Verify","responses":{"200":{"description":"OK"}}}},
              "/api/dealers":{"get":{"summary":"Not mine","responses":{"200":{"description":"OK"}}}}
             },
             "components":{"schemas":{
               "CreateOwnerRequest":{"type":"object","properties":{"name":{"type":"string"},"idNumber":{"type":"string"},"phone":{"type":"string"}}},
               "OwnerView":{"type":"object","properties":{"id":{"type":"string"}}},
               "Page":{"type":"object","properties":{"items":{"type":"array"}}}},
              "securitySchemes":{"SecurityScheme":{"type":"http","scheme":"bearer"}}}}
            """;

    static final String SUBSIDY_DOC = """
            {"openapi":"3.1.0","info":{"title":"subsidy-service","version":"1"},
             "paths":{"/api/campaigns":{"get":{"summary":"List","responses":{"200":{"description":"OK",
                 "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Page"}}}}},
                 "security":[{"SecurityScheme":["OWNER","DEALER","REGULATOR","ADMIN","SERVICE"]}]}}},
             "components":{"schemas":{"Page":{"type":"object","properties":{"total":{"type":"integer"}}}}}}
            """;

    @Inject
    ApiDocument document;

    private JsonPath merged() throws Exception {
        document.fetchAll(true).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return given().get("/api/openapi.json").then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
    }

    @Test
    void theServicesPublicOperationsAreMergedAndInternalOnesLeftOut() throws Exception {
        registration.stubFor(get(urlPathEqualTo("/q/openapi")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(REGISTRATION_DOC)));
        subsidy.stubFor(get(urlPathEqualTo("/q/openapi")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(SUBSIDY_DOC)));
        JsonPath doc = merged();
        Map<String, Object> paths = doc.getMap("paths");
        assertThat(paths).containsKeys("/api/owners", "/api/vehicles/{id}", "/api/plates/verify", "/api/campaigns",
                // the gateway's own
                "/api/auth/login", "/api/auth/token", "/api/auth/clients", "/api/stats/overview");
        assertThat(paths).as("SERVICE-only operations are internal").doesNotContainKey("/api/owners/lookup");
        assertThat(paths).as("a service's document never adds paths another service owns").doesNotContainKey("/api/dealers");
        // roles, security schemes, tags, problem answers
        assertThat(doc.getList("paths.'/api/owners'.post.x-roles")).containsExactly("DEALER", "REGULATOR");
        assertThat(doc.getList("paths.'/api/vehicles/{id}'.get.x-roles")).doesNotContain("SERVICE");
        assertThat(doc.getList("paths.'/api/owners'.post.security")).hasSize(2);
        assertThat(doc.getList("paths.'/api/plates/verify'.post.security")).isEmpty();
        assertThat(doc.getList("paths.'/api/owners'.post.tags")).containsExactly("Owners");
        assertThat(doc.getString("paths.'/api/owners'.post.operationId")).isEqualTo("postOwners");
        assertThat(doc.getString("paths.'/api/owners'.post.responses.'401'.$ref")).isEqualTo("#/components/responses/Unauthorized");
        assertThat(doc.getString("paths.'/api/vehicles/{id}'.get.responses.'404'.$ref")).isEqualTo("#/components/responses/NotFound");
        assertThat(doc.getString("components.securitySchemes.bearerAuth.scheme")).isEqualTo("bearer");
        assertThat(doc.getString("components.securitySchemes.dealerClient.flows.clientCredentials.tokenUrl")).isEqualTo("/api/auth/token");
        assertThat(doc.getMap("components.securitySchemes")).doesNotContainKey("SecurityScheme");
        assertThat(doc.getList("components.schemas.Problem.required")).contains("type", "title", "status", "errors");
        assertThat(doc.getString("components.responses.TooManyRequests.content.'application/problem+json'.schema.$ref"))
                .isEqualTo("#/components/schemas/Problem");
        // Chinese example data from the overlay
        assertThat(doc.getString("paths.'/api/owners'.post.requestBody.content.'application/json'.example.name")).isEqualTo("张三");
        // two services' schemas of one name and different shapes: the later one is renamed, its refs follow
        assertThat(doc.getMap("components.schemas")).containsKeys("Page", "SubsidyPage");
        assertThat(doc.getString("paths.'/api/campaigns'.get.responses.'200'.content.'application/json'.schema.$ref"))
                .isEqualTo("#/components/schemas/SubsidyPage");
        assertThat(doc.getList("tags.name")).contains("Owners", "Vehicles", "Plates", "Campaigns", "Auth", "Dealer API clients");
    }

    @Test
    void aServiceThatIsDownIsNamedAndTheRestIsServed() throws Exception {
        registration.stubFor(get(urlPathEqualTo("/q/openapi")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(REGISTRATION_DOC)));
        tradein.stubFor(get(urlPathEqualTo("/q/openapi")).willReturn(aResponse().withStatus(503)));
        // an earlier test may have loaded tradein's document: this refresh asks everyone again, but a
        // failed answer keeps what the gateway had, so start from a gateway that never had it
        document.forget(cn.ebike.gateway.proxy.Upstream.TRADEIN);
        JsonPath doc = merged();
        assertThat(doc.getList("info.x-ebike-missing")).contains("tradein-service");
        assertThat(doc.getString("info.description")).contains("tradein-service");
        assertThat(doc.getMap("paths")).containsKey("/api/owners");
        given().get("/api/openapi.json").then().header("X-Api-Document-Incomplete", org.hamcrest.Matchers.containsString("tradein-service"));
        // once it answers, the next try fills the gap
        tradein.stubFor(get(urlPathEqualTo("/q/openapi")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"openapi":"3.1.0","info":{"title":"tradein-service","version":"1"},
                         "paths":{"/api/trade-ins":{"post":{"summary":"Open","responses":{"201":{"description":"Created"}},
                           "security":[{"SecurityScheme":["DEALER"]}]}}}}
                        """)));
        JsonPath after = merged();
        assertThat(java.util.Objects.requireNonNullElse(after.getList("info.x-ebike-missing"), List.of()))
                .doesNotContain("tradein-service");
        assertThat(after.getList("paths.'/api/trade-ins'.post.security")).hasSize(2); // bearer or dealer client
    }

    @Test
    void aRetryOrRefreshThatChangesNothingDoesNotMergeAndWriteTheDocumentAgain() throws Exception {
        registration.stubFor(get(urlPathEqualTo("/q/openapi")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(REGISTRATION_DOC)));
        tradein.stubFor(get(urlPathEqualTo("/q/openapi")).willReturn(aResponse().withStatus(503)));
        document.forget(cn.ebike.gateway.proxy.Upstream.TRADEIN);
        merged();
        ApiDocument.Served before = document.current();
        // a refresh of every service (same documents, tradein still down) and a retry of the missing one
        document.fetchAll(true).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        document.fetchAll(false).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(document.current()).as("nothing changed: the written document is kept, not merged again")
                .isSameAs(before);
        // a changed document is merged in at the next refresh
        registration.stubFor(get(urlPathEqualTo("/q/openapi")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(REGISTRATION_DOC.replace("\"summary\":\"Verify\"", "\"summary\":\"Verify a plate\""))));
        JsonPath doc = merged();
        assertThat(document.current()).isNotSameAs(before);
        assertThat(doc.getString("paths.'/api/plates/verify'.post.summary")).isEqualTo("Verify a plate");
    }

    @Test
    void theYamlFormAndSwaggerUiAreAnonymous() throws Exception {
        merged();
        String yaml = given().get("/api/openapi.yaml").then().statusCode(200).contentType("application/yaml")
                .extract().asString();
        assertThat(yaml).contains("openapi: 3.1.0").contains("/api/auth/login:");
        String ui = given().redirects().follow(true).get("/api/docs/").then().statusCode(200).extract().asString();
        assertThat(ui).containsIgnoringCase("swagger");
        // Swagger UI reads the merged document
        String config = given().get("/api/docs/index.html").then().statusCode(200).extract().asString();
        assertThat(config).contains("/api/openapi.json");
    }

    @Test
    void theDocumentIsRateLimitedLikeEveryAnonymousPath() {
        // the API filter ran: it puts the request id on every answer
        given().get("/api/openapi.json").then().header("X-Request-Id", org.hamcrest.Matchers.notNullValue());
        // 120 a minute per address; a minute boundary during the loop may let the sliding window free a
        // few more, so count until the first refusal
        int passed = 1; // the call above
        int status = 200;
        while (status == 200 && passed < 200) {
            status = given().get("/api/openapi.json").statusCode();
            if (status == 200) {
                passed++;
            }
        }
        assertThat(status).isEqualTo(429);
        assertThat(passed).isBetween(120, 130);
        given().get("/api/docs/").then().statusCode(429);
    }
}
