package cn.ebike.tradein.dealer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.common.crypto.FieldCipher;
import cn.ebike.common.masking.Masking;
import cn.ebike.common.testing.OldDumpDatabase;
import cn.ebike.tradein.support.Api;
import cn.ebike.tradein.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Today's service on a database written by the build before common's versioned format (85b5473, the first parent
 * of the platform merge 8ed0085): dealers created through that build's {@code POST /api/dealers}, their contact
 * phones sealed as {@code v1.<base64(iv || ciphertext+tag)>} with the dealer id as associated data. Flyway migrates
 * the restored dump forward (V2_2 and later), the re-sealing pass moves every phone to the versioned text form
 * under the current key, and the API answers as before. Fixture and how to regenerate it:
 * {@code src/test/resources/old-dump/README.md}.
 */
@QuarkusTest
@TestProfile(OldDumpResealingTest.OldDump.class)
class OldDumpResealingTest {

    /** The dump, restored into {@code ebike_tradein_olddump_test<ns>}, and the test-only key it was sealed with. */
    public static class OldDump implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String key = OldDumpDatabase.keyValues("old-dump/test-only-keys.env").get("DEALER_CONTACT_ENCRYPTION_KEY");
            return Map.of("tradein.dealer-contact.encryption-key", key, "%test.tradein.dealer-contact.encryption-key", key);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OldDumpDatabase.class, Map.of(
                    "dump", "old-dump/tradein.sql.gz", "database", "ebike_tradein_olddump_test")));
        }
    }

    private record Dealer(UUID id, String uscc, String phone) {
    }

    @Inject
    ContactPhoneSealer sealer;

    @Inject
    ContactPhoneCrypto crypto;

    @Inject
    EntityManager em;

    @Test
    void contactPhonesWrittenByTheOldBuildAreReSealedOnceAndStillOpen() {
        List<Dealer> dealers = new ArrayList<>();
        for (String[] row : OldDumpDatabase.rows("old-dump/expected.tsv")) {
            dealers.add(new Dealer(UUID.fromString(row[1]), row[2], row[3]));
        }
        assertThat(dealers).hasSize(3);
        assertThat(longValue("SELECT count(*) FROM dealers")).isEqualTo(dealers.size());
        assertThat(longValue("SELECT count(*) FROM flyway_schema_history WHERE version = '2' AND success")).isEqualTo(1);
        assertThat(longValue("SELECT count(*) FROM flyway_schema_history WHERE version = '2.2' AND success")).isEqualTo(1);
        for (Dealer dealer : dealers) {
            assertThat(stored(dealer.id())).as("the dump holds the old format").startsWith("v1.");
            assertThat(crypto.open(dealer.id(), stored(dealer.id()))).isEqualTo(dealer.phone());
            readsAsCreated(dealer);
        }

        long first = sealer.reseal();

        assertThat(first).isEqualTo(dealers.size());
        Map<UUID, String> after = new HashMap<>();
        for (Dealer dealer : dealers) {
            String value = stored(dealer.id());
            after.put(dealer.id(), value);
            assertThat(crypto.cipher().isCurrentText(value)).isTrue();
            byte[] bytes = Base64.getDecoder().decode(value.substring(FieldCipher.TEXT_PREFIX.length()));
            // version 2, a key id of one byte, key id "1"
            assertThat(new String(bytes, 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo("\u0002\u00011");
            assertThat(crypto.open(dealer.id(), value)).isEqualTo(dealer.phone());
            readsAsCreated(dealer);
        }
        // the old rows' unique constraints still hold: the same USCC is a conflict
        Map<String, Object> again = new HashMap<>(Api.dealerBody(dealers.get(0).uscc()));
        Api.as(Tokens.regulator()).body(again).post("/api/dealers").then().statusCode(409);

        assertThat(sealer.reseal()).isZero();
        for (Dealer dealer : dealers) {
            assertThat(stored(dealer.id())).as("a second pass leaves the value as it was").isEqualTo(after.get(dealer.id()));
        }
    }

    private void readsAsCreated(Dealer dealer) {
        Api.as(Tokens.regulator()).get("/api/dealers/" + dealer.id()).then().statusCode(200)
                .body("uscc", equalTo(dealer.uscc()))
                .body("contactPhone", equalTo(Masking.phone(dealer.phone())));
    }

    private long longValue(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }

    private String stored(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT contact_phone_enc FROM dealers WHERE id = ?1").setParameter(1, id).getSingleResult());
    }
}
