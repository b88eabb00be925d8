package cn.ebike.registration.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.common.crypto.FieldCipher;
import cn.ebike.common.masking.Masking;
import cn.ebike.common.testing.OldDumpDatabase;
import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.Tokens;
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
 * of the platform merge 8ed0085): owners registered through that build's {@code POST /api/owners}, their name,
 * ID number and phone sealed in the old format ({@code 1 | IV | ciphertext+tag}, the field name as associated
 * data). Flyway migrates the restored dump forward, the re-sealing pass moves every value to the versioned format
 * under the current key, and the API answers as before. Fixture and how to regenerate it:
 * {@code src/test/resources/old-dump/README.md}.
 */
@QuarkusTest
@TestProfile(OldDumpResealingTest.OldDump.class)
class OldDumpResealingTest {

    /** The dump, restored into {@code ebike_registration_olddump_test<ns>}, and the test-only keys it was sealed with. */
    public static class OldDump implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> keys = OldDumpDatabase.keyValues("old-dump/test-only-keys.env");
            Map<String, String> config = new HashMap<>();
            for (String profile : new String[] {"", "%test."}) {
                config.put(profile + "registration.pii.encryption-key", keys.get("PII_ENCRYPTION_KEY"));
                config.put(profile + "registration.pii.hmac-key", keys.get("PII_HMAC_KEY"));
            }
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OldDumpDatabase.class, Map.of(
                    "dump", "old-dump/registration.sql.gz", "database", "ebike_registration_olddump_test")));
        }
    }

    private record Owner(UUID id, String name, String idNumber, String phone) {
    }

    @Inject
    PiiResealing resealing;

    @Inject
    PiiCrypto crypto;

    @Inject
    EntityManager em;

    @Test
    void ownersWrittenByTheOldBuildAreReSealedOnceAndReadAsTheyWereRegistered() {
        List<Owner> owners = new ArrayList<>();
        for (String[] row : OldDumpDatabase.rows("old-dump/expected.tsv")) {
            owners.add(new Owner(UUID.fromString(row[1]), row[2], row[3], row[4]));
        }
        assertThat(owners).hasSize(4);
        assertThat(longValue("SELECT count(*) FROM owners")).isEqualTo(owners.size());
        // Flyway started from the old build's history and ran today's migrations on top of it
        assertThat(longValue("SELECT count(*) FROM flyway_schema_history WHERE version = '1' AND success"))
                .isEqualTo(1);
        assertThat(longValue("SELECT count(*) FROM flyway_schema_history WHERE version = '14.1' AND success"))
                .isEqualTo(1);
        for (Owner owner : owners) {
            assertThat(stored(owner.id())).as("the dump holds the old format").allSatisfy(v -> {
                assertThat(v[0]).isEqualTo((byte) 1);
                assertThat(FieldCipher.isVersioned(v)).isFalse();
            });
            readsAsRegistered(owner);
        }

        long first = resealing.run();

        assertThat(first).isEqualTo(3L * owners.size());
        Map<UUID, List<byte[]>> after = new HashMap<>();
        for (Owner owner : owners) {
            List<byte[]> values = stored(owner.id());
            after.put(owner.id(), values);
            assertThat(values).allSatisfy(v -> {
                assertThat(crypto.cipher().isCurrent(v)).isTrue();
                // version 2, a key id of one byte, key id "1"
                assertThat(new String(v, 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo("\u0002\u00011");
            });
            assertThat(crypto.decrypt(PiiCrypto.FieldNames.NAME, owner.id(), values.get(0))).isEqualTo(owner.name());
            assertThat(crypto.decrypt(PiiCrypto.FieldNames.ID_NUMBER, owner.id(), values.get(1))).isEqualTo(owner.idNumber());
            assertThat(crypto.decrypt(PiiCrypto.FieldNames.PHONE, owner.id(), values.get(2))).isEqualTo(owner.phone());
            readsAsRegistered(owner);
            // the look-up hashes the old build wrote still find the owner: the same ID number is the same owner
            Api.json(Tokens.regulator()).body(Api.ownerBody(owner.name(), owner.idNumber(), owner.phone()))
                    .post("/api/owners").then().statusCode(200).body("id", equalTo(owner.id().toString()));
        }
        // ... and the phone hash finds both owners of the shared phone
        Api.json(Tokens.service()).body(Map.of("phone", "13812345678")).post("/api/owners/lookup/by-phone")
                .then().statusCode(200).body("items.id", containsInAnyOrder(owners.stream()
                        .filter(o -> o.phone().equals("13812345678")).map(o -> o.id().toString()).toArray()));

        assertThat(resealing.run()).isZero();
        for (Owner owner : owners) {
            List<byte[]> again = stored(owner.id());
            for (int i = 0; i < again.size(); i++) {
                assertThat(again.get(i)).as("a second pass leaves the value as it was").isEqualTo(after.get(owner.id()).get(i));
            }
        }
    }

    private void readsAsRegistered(Owner owner) {
        Api.as(Tokens.regulator()).get("/api/owners/" + owner.id()).then().statusCode(200)
                .body("name", equalTo(Masking.name(owner.name())))
                .body("idNumber", equalTo(Masking.idNumber(owner.idNumber())))
                .body("phone", equalTo(Masking.phone(owner.phone())));
        Api.as(Tokens.owner(owner.id().toString())).get("/api/owners/me").then().statusCode(200)
                .body("id", equalTo(owner.id().toString()))
                .body("idNumber", equalTo(Masking.idNumber(owner.idNumber())));
    }

    private long longValue(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }

    private List<byte[]> stored(UUID id) {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "SELECT name_enc, id_number_enc, phone_enc FROM owners WHERE id = ?1").setParameter(1, id).getSingleResult());
        return List.of((byte[]) row[0], (byte[]) row[1], (byte[]) row[2]);
    }
}
