package cn.ebike.gateway.stats;

import static cn.ebike.gateway.support.WireMockServices.registration;
import static cn.ebike.gateway.support.WireMockServices.subsidy;
import static cn.ebike.gateway.support.WireMockServices.tradein;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Audit anchors (issue 13): each chain's length and head are kept in the gateway's {@code audit_anchors}; a chain
 * whose newest entries were deleted (it still verifies on its own) is reported broken against its anchor. The
 * services' checks are stubbed at the HTTP level; the gateway's own chain (api_client_audit) is real.
 */
@QuarkusTest
class AuditAnchorsTest extends GatewayTestBase {

    @Inject
    AuditAnchors anchors;

    @Inject
    DataSource dataSource;

    private static void report(WireMockServer service, String path, long entries, String head) {
        service.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"entries\":" + entries
                        + ",\"intact\":true,\"firstBrokenAt\":null,\"firstBrokenId\":null,\"problem\":null,"
                        + "\"unsealed\":0,\"head\":\"" + head + "\"}")));
    }

    /** Anchors taken here would judge the stubbed chains of other test classes sharing this database. */
    @org.junit.jupiter.api.AfterEach
    void forgetTheAnchors() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_anchors");
        }
    }

    private static Map<String, Object> entry(JsonPath audit, String service) {
        return audit.getMap("find { it.service == '" + service + "' }");
    }

    private static JsonPath audit() {
        return given().header("Authorization", Tokens.regulator()).get("/api/stats/audit").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void deletingAServicesNewestEntriesBelowItsAnchorIsReported() {
        report(registration, "/api/vehicles/figures/audit", 10, "a".repeat(64));
        report(tradein, "/api/trade-ins/figures/audit", 4, "b".repeat(64));
        report(subsidy, "/api/subsidies/figures/audit", 7, "c".repeat(64));
        assertThat(anchors.anchorNow()).contains("registration-service", "tradein-service", "subsidy-service", "gateway");

        // registration's two newest entries are deleted: its own walk still says intact (8 entries, another head)
        report(registration, "/api/vehicles/figures/audit", 8, "d".repeat(64));
        JsonPath a = audit();
        assertThat(entry(a, "registration-service")).containsEntry("intact", false).containsEntry("anchoredEntries", 10)
                .containsEntry("firstBrokenAt", 9).containsKey("anchoredAt");
        assertThat((String) entry(a, "registration-service").get("problem")).contains("deleted");
        assertThat(entry(a, "tradein-service")).containsEntry("intact", true).containsEntry("anchoredEntries", 4);

        // tradein: same length, another head (newest entries replaced)
        report(tradein, "/api/trade-ins/figures/audit", 4, "e".repeat(64));
        assertThat(entry(audit(), "tradein-service")).containsEntry("intact", false).containsEntry("firstBrokenAt", 4);

        // growing past the anchor is normal; the next anchor covers the new entries
        report(registration, "/api/vehicles/figures/audit", 12, "f".repeat(64));
        report(tradein, "/api/trade-ins/figures/audit", 5, "1".repeat(64));
        assertThat(entry(audit(), "registration-service")).containsEntry("intact", true);
        anchors.anchorNow();
        assertThat(entry(audit(), "registration-service")).containsEntry("anchoredEntries", 12);
    }

    @Test
    void theGatewaysOwnClientAuditIsChainedAndAnchored() throws Exception {
        report(registration, "/api/vehicles/figures/audit", 1, "a".repeat(64));
        report(tradein, "/api/trade-ins/figures/audit", 1, "b".repeat(64));
        report(subsidy, "/api/subsidies/figures/audit", 1, "c".repeat(64));
        UUID client = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO api_client (id, client_id, dealer_id, name, rate_limit_per_minute, created_at, "
                    + "created_by) VALUES ('" + client + "', 'dc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20)
                    + "', '" + UUID.randomUUID() + "', 'anchors', 60, now(), 'test')");
            for (String action : new String[] {"CREATED", "SECRET_ADDED", "UPDATED"}) {
                s.executeUpdate("INSERT INTO api_client_audit (client, at, actor, actor_role, action, detail) VALUES ('"
                        + client + "', clock_timestamp(), 'admin', 'ADMIN', '" + action + "', 'test')");
            }
        }
        anchors.anchorNow();
        Map<String, Object> own = entry(audit(), "gateway");
        assertThat(own).containsEntry("intact", true);
        long entries = ((Number) own.get("entries")).longValue();
        assertThat(entries).isGreaterThanOrEqualTo(3);
        assertThat(((Number) own.get("anchoredEntries")).longValue()).isEqualTo(entries);

        // an edited row breaks the chain at that row; the newest deleted is seen against the anchor
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM api_client_audit WHERE chain_seq = (SELECT max(chain_seq) FROM api_client_audit)");
        }
        Map<String, Object> after = entry(audit(), "gateway");
        assertThat(after).containsEntry("intact", false).containsEntry("firstBrokenAt", (int) entries);
        assertThat(((Number) after.get("entries")).longValue()).isEqualTo(entries - 1);
        // put the world back for the other tests: the chain re-anchored at its new length
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_anchors WHERE service = 'gateway'");
        }
    }
}
