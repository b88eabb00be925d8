package cn.ebike.subsidy.wallet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.common.crypto.FieldCipher;
import cn.ebike.common.masking.Masking;
import cn.ebike.common.testing.OldDumpDatabase;
import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Today's service on a database written by the build before common's versioned format (85b5473, the first parent
 * of the platform merge 8ed0085): wallets bound through that build's {@code PUT /api/subsidies/wallet}, sealed as
 * {@code iv || ciphertext+tag} with {@code wallet:<owner id>} as associated data, with their look-up hashes.
 * Flyway migrates the restored dump forward, the re-sealing pass moves every wallet id to the versioned format
 * under the current key, the API answers as before and the hashes still find the wallets. Fixture and how to
 * regenerate it: {@code src/test/resources/old-dump/README.md}.
 */
@QuarkusTest
@TestProfile(OldDumpResealingTest.OldDump.class)
class OldDumpResealingTest {

    /** The dump, restored into {@code ebike_subsidy_olddump_test<ns>}, and the test-only key it was sealed with. */
    public static class OldDump implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String key = OldDumpDatabase.keyValues("old-dump/test-only-keys.env").get("WALLET_ENCRYPTION_KEY");
            return Map.of("subsidy.wallet.encryption-key", key, "%test.subsidy.wallet.encryption-key", key);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OldDumpDatabase.class, Map.of(
                    "dump", "old-dump/subsidy.sql.gz", "database", "ebike_subsidy_olddump_test")));
        }
    }

    private record Wallet(UUID owner, String walletId) {
    }

    @Inject
    WalletResealing resealing;

    @Inject
    WalletCrypto crypto;

    @Inject
    EntityManager em;

    @Test
    void walletIdsWrittenByTheOldBuildAreReSealedOnceAndTheirHashesStillFindThem() {
        List<Wallet> wallets = new ArrayList<>();
        for (String[] row : OldDumpDatabase.rows("old-dump/expected.tsv")) {
            wallets.add(new Wallet(UUID.fromString(row[1]), row[2]));
        }
        assertThat(wallets).hasSize(3);
        assertThat(longValue("SELECT count(*) FROM wallet")).isEqualTo(wallets.size());
        assertThat(longValue("SELECT count(*) FROM flyway_schema_history WHERE version = '2' AND success")).isEqualTo(1);
        assertThat(longValue("SELECT count(*) FROM flyway_schema_history WHERE version = '13.2' AND success")).isEqualTo(1);
        for (Wallet wallet : wallets) {
            assertThat(FieldCipher.isVersioned(cipher(wallet.owner()))).as("the dump holds the old format").isFalse();
            assertThat(crypto.decrypt(wallet.owner(), cipher(wallet.owner()))).isEqualTo(wallet.walletId());
            readsAsBound(wallet);
        }

        long first = resealing.run();

        assertThat(first).isEqualTo(wallets.size());
        Map<UUID, byte[]> after = new HashMap<>();
        for (Wallet wallet : wallets) {
            byte[] value = cipher(wallet.owner());
            after.put(wallet.owner(), value);
            assertThat(crypto.cipher().isCurrent(value)).isTrue();
            // version 2, a key id of one byte, key id "1"
            assertThat(new String(value, 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo("\u0002\u00011");
            assertThat(crypto.decrypt(wallet.owner(), value)).isEqualTo(wallet.walletId());
            readsAsBound(wallet);
            // the hash the old build wrote is the one today's code computes, so the look-up still finds the wallet
            byte[] hash = QuarkusTransaction.requiringNew().call(() -> (byte[]) em.createNativeQuery(
                    "SELECT wallet_hash FROM wallet WHERE owner_id = ?1").setParameter(1, wallet.owner()).getSingleResult());
            assertThat(hash).isEqualTo(crypto.hash(wallet.walletId()));
            given().auth().oauth2(Tokens.owner(UUID.randomUUID())).contentType("application/json")
                    .body(Map.of("walletId", wallet.walletId())).put("/api/subsidies/wallet")
                    .then().statusCode(409).body("type", org.hamcrest.Matchers.endsWith("wallet-bound-elsewhere"));
        }

        assertThat(resealing.run()).isZero();
        for (Wallet wallet : wallets) {
            assertThat(cipher(wallet.owner())).as("a second pass leaves the value as it was").isEqualTo(after.get(wallet.owner()));
        }
    }

    private void readsAsBound(Wallet wallet) {
        given().auth().oauth2(Tokens.owner(wallet.owner())).get("/api/subsidies/wallet").then().statusCode(200)
                .body("walletId", equalTo(Masking.walletId(wallet.walletId())));
    }

    private long longValue(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }

    private byte[] cipher(UUID owner) {
        return QuarkusTransaction.requiringNew().call(() -> (byte[]) em.createNativeQuery(
                "SELECT wallet_cipher FROM wallet WHERE owner_id = ?1").setParameter(1, owner).getSingleResult());
    }
}
