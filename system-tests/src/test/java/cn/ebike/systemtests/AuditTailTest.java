package cn.ebike.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Api.Owner;
import cn.ebike.systemtests.harness.Ids;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.Suite.Service;
import cn.ebike.systemtests.harness.Summary;
import cn.ebike.systemtests.harness.SuiteExtension;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit chain's tail (issue 13): the gateway anchors each service's chain head in its own database every
 * AUDIT_ANCHOR_EVERY (the suite: 2 s). Deleting registration's newest audit entries directly in PostgreSQL leaves
 * a shorter chain that verifies on its own; {@code GET /api/stats/audit} reports it broken below the anchor.
 * The rows are put back afterwards, and the chain is intact again.
 */
@Order(8)
@ExtendWith(SuiteExtension.class)
class AuditTailTest {

    private static Map<String, Object> registration(Api api) {
        JsonPath j = api.as(api.regulator()).get("/api/stats/audit").then().statusCode(200).extract().jsonPath();
        return j.getMap("find { it.service == 'registration-service' }");
    }

    private static long n(Map<String, Object> m, String key) {
        return m.get(key) == null ? -1 : ((Number) m.get(key)).longValue();
    }

    @Test
    void deletingTheNewestAuditEntriesBelowTheAnchorIsReported(Api api, Suite suite) throws Exception {
        Dealer d = api.dealer("北湖区" + Ids.receipt(), true);
        Owner o = api.owner(d);
        api.filedBike(o);
        api.filedBike(o);
        // the anchor covers registration's chain as it is now
        Api.await("registration's chain anchored", Duration.ofSeconds(90), () -> {
            Map<String, Object> r = registration(api);
            return Boolean.TRUE.equals(r.get("intact")) && n(r, "unsealed") == 0 && n(r, "entries") >= 2
                    && n(r, "anchoredEntries") == n(r, "entries");
        });
        long entries = n(registration(api), "entries");
        try (Connection c = suite.jdbc(Service.REGISTRATION); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE gone AS SELECT * FROM audit_entries WHERE chain_seq > " + (entries - 2));
            assertThat(s.executeUpdate("DELETE FROM audit_entries WHERE chain_seq > " + (entries - 2))).isEqualTo(2);
            try {
                Map<String, Object> broken = registration(api);
                assertThat(broken).containsEntry("intact", false);
                assertThat(n(broken, "entries")).isEqualTo(entries - 2);
                assertThat(n(broken, "anchoredEntries")).isEqualTo(entries);
                assertThat(n(broken, "firstBrokenAt")).isEqualTo(entries - 1);
                assertThat((String) broken.get("problem")).contains("deleted");
                // the next anchor runs do not accept the shortened chain
                Suite.sleep(5_000);
                assertThat(registration(api)).containsEntry("intact", false).containsEntry("anchoredAt",
                        broken.get("anchoredAt"));
            } finally {
                s.execute("INSERT INTO audit_entries SELECT * FROM gone");
            }
        }
        Map<String, Object> restored = registration(api);
        assertThat(restored).containsEntry("intact", true);
        assertThat(n(restored, "entries")).isGreaterThanOrEqualTo(entries);
        Summary.line("audit tail: registration's newest 2 of %d entries deleted in PostgreSQL → reported below the "
                + "anchor; put back → intact", entries);
    }
}
