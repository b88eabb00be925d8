package cn.ebike.registration.api;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.common.audit.AuditChainSealer;
import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The audit trail is a hash chain: an entry edited (or removed) in PostgreSQL behind the service is reported. */
@QuarkusTest
class AuditChainTest {

    @Inject
    DataSource dataSource;

    @Inject
    AuditChainSealer job;

    private static JsonPath check() {
        return Api.as(Tokens.service()).get("/api/vehicles/figures/audit").then().statusCode(200).extract().jsonPath();
    }

    private long sealedSeqOfDetail(String like) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT chain_seq FROM audit_entries WHERE detail LIKE ? AND chain_seq IS NOT NULL ORDER BY chain_seq LIMIT 1")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private int execute(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    @Test
    void anEntryEditedInTheDatabaseBreaksTheChainThere() throws Exception {
        String frame = Api.filedVehicle(Api.newOwner()).getString("frameNumber");
        Api.filedVehicle(Api.newOwner());
        job.seal();
        JsonPath intact = check();
        assertThat(intact.getBoolean("intact")).isTrue();
        assertThat(intact.getString("service")).isEqualTo("registration-service");
        assertThat(intact.getLong("entries")).isGreaterThanOrEqualTo(4);
        assertThat(intact.getString("firstBrokenAt")).isNull();

        long seq = sealedSeqOfDetail("%frame " + frame);
        String original;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT detail FROM audit_entries WHERE chain_seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                original = rs.getString(1);
            }
        }
        try {
            assertThat(execute("UPDATE audit_entries SET detail = ? WHERE chain_seq = ?", original + " (altered)", seq))
                    .isEqualTo(1);
            JsonPath broken = check();
            assertThat(broken.getBoolean("intact")).isFalse();
            assertThat(broken.getLong("firstBrokenAt")).isEqualTo(seq);
            assertThat(broken.getString("problem")).contains("changed");
        } finally {
            execute("UPDATE audit_entries SET detail = ? WHERE chain_seq = ?", original, seq);
        }
        assertThat(check().getBoolean("intact")).isTrue();
    }

    @Test
    void anEntryRemovedFromTheMiddleIsReportedMissing() throws Exception {
        Api.filedVehicle(Api.newOwner());
        Api.filedVehicle(Api.newOwner());
        job.seal();
        long last = check().getLong("entries");
        // hold the entry aside on one connection, delete it, see the gap, put it back
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement copy = c.prepareStatement(
                    "CREATE TEMP TABLE kept_row AS SELECT * FROM audit_entries WHERE chain_seq = ?")) {
                copy.setLong(1, last - 1);
                copy.executeUpdate();
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM audit_entries WHERE chain_seq = ?")) {
                del.setLong(1, last - 1);
                assertThat(del.executeUpdate()).isEqualTo(1);
            }
            try {
                JsonPath broken = check();
                assertThat(broken.getBoolean("intact")).isFalse();
                assertThat(broken.getLong("firstBrokenAt")).isEqualTo(last - 1);
                assertThat(broken.getString("problem")).contains("missing");
            } finally {
                try (PreparedStatement back = c.prepareStatement("INSERT INTO audit_entries SELECT * FROM kept_row");
                        PreparedStatement drop = c.prepareStatement("DROP TABLE kept_row")) {
                    back.executeUpdate();
                    drop.executeUpdate();
                }
            }
        }
        assertThat(check().getBoolean("intact")).isTrue();
    }

    @Test
    void onlyRegulatorsAndServicesAskForTheCheck() {
        Api.as(Tokens.dealer(java.util.UUID.randomUUID())).get("/api/vehicles/figures/audit").then().statusCode(403);
    }
}
