package cn.ebike.subsidy.campaign;

import static cn.ebike.subsidy.testsupport.Fixtures.FILED;
import static cn.ebike.subsidy.testsupport.Fixtures.JUNE;
import static cn.ebike.subsidy.testsupport.Fixtures.claim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.subsidy.testsupport.FakeUpstream;
import cn.ebike.subsidy.testsupport.FakeUpstream.TradeIn;
import cn.ebike.subsidy.testsupport.Fixtures;
import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Issue 12 item 13: subsidy's fraud signals, each produced by its pattern and absent without it. */
@QuarkusTest
class SubsidySignalsTest {

    @Inject
    DataSource dataSource;

    private static List<Map<String, Object>> signals() {
        return given().auth().oauth2(Tokens.regulator()).get("/api/subsidies/figures/signals").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    private static Optional<Map<String, Object>> signal(String type, String subject) {
        return signals().stream().filter(s -> type.equals(s.get("type")) && subject.equals(s.get("subject")))
                .findFirst();
    }

    private void wallet(String masked, byte[] hash, boolean shared, Instant boundAt) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO wallet (owner_id, wallet_cipher, wallet_masked, bound_at, updated_at, "
                        + (shared ? "wallet_hash_shared" : "wallet_hash") + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setBytes(2, new byte[] {1, 2, 3});
            ps.setString(3, masked);
            ps.setTimestamp(4, java.sql.Timestamp.from(boundAt));
            ps.setTimestamp(5, java.sql.Timestamp.from(boundAt));
            ps.setBytes(6, hash);
            ps.executeUpdate();
        }
    }

    private static byte[] hash() {
        byte[] h = new byte[32];
        new SecureRandom().nextBytes(h);
        return h;
    }

    private static String masked() {
        return "0015****" + (1000 + new SecureRandom().nextInt(9000)) + UUID.randomUUID().toString().substring(0, 4);
    }

    @Test
    void aWalletBoundByTwoOwnersIsASharedWalletNamedMasked() throws SQLException {
        byte[] h = hash();
        String masked = masked();
        wallet(masked, h, false, Instant.parse("2026-05-01T00:00:00Z"));
        wallet(masked, h, true, Instant.parse("2026-05-02T00:00:00Z"));
        Map<String, Object> s = signal("SHARED_WALLET", masked).orElseThrow();
        assertThat(s.get("count")).isEqualTo(2);
        assertThat(s.get("firstSeen")).isEqualTo("2026-05-02T00:00:00Z");
        assertThat((String) s.get("evidence")).contains("2 位车主");
    }

    @Test
    void aWalletOfOneOwnerIsNoSharedWallet() throws SQLException {
        String masked = masked();
        wallet(masked, hash(), false, Instant.now());
        assertThat(signal("SHARED_WALLET", masked)).isEmpty();
    }

    @Test
    void fiveGrantsOfOneDealerInThePhasesFirstMinutesAreABurst() {
        Fixtures.Created campaign = Fixtures.threePhases(Fixtures.district(), 10, 5, 5);
        UUID dealer = FakeUpstream.dealer(campaign.district(), true);
        for (int i = 0; i < 5; i++) {
            TradeIn t = FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(30 + i), FILED);
            claim(t.id()).statusCode(201);
        }
        Map<String, Object> s = signal("PHASE_BOUNDARY_BURST", dealer.toString()).orElseThrow();
        assertThat(s.get("count")).isEqualTo(5);
        assertThat((String) s.get("evidence")).contains("10 分钟内").contains("5 笔");
    }

    @Test
    void fourGrantsInTheFirstMinutesAndOneLaterAreNoBurst() {
        Fixtures.Created campaign = Fixtures.threePhases(Fixtures.district(), 10, 5, 5);
        UUID dealer = FakeUpstream.dealer(campaign.district(), true);
        for (int i = 0; i < 5; i++) {
            Instant completed = i < 4 ? JUNE.plusSeconds(30 + i) : JUNE.plusSeconds(3600);
            TradeIn t = FakeUpstream.eligible(dealer, UUID.randomUUID(), completed, FILED);
            claim(t.id()).statusCode(201);
        }
        assertThat(signal("PHASE_BOUNDARY_BURST", dealer.toString())).isEmpty();
    }

    @Test
    void onlyRegulatorsAndServicesReadSignals() {
        given().auth().oauth2(Tokens.owner(UUID.randomUUID())).get("/api/subsidies/figures/signals").then()
                .statusCode(403);
        given().auth().oauth2(Tokens.service()).get("/api/subsidies/figures/signals").then().statusCode(200);
    }
}
