package cn.ebike.registration.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.common.crypto.FieldCipher;
import cn.ebike.common.crypto.Keyring;
import cn.ebike.common.crypto.Resealer;
import cn.ebike.common.crypto.SealedColumn;
import cn.ebike.common.masking.Masking;
import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.TestData;
import cn.ebike.registration.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Owners written by the code before the versioned format (the old format's writer is a copy in
 * {@link LegacyPiiFormat}) are still read, and the re-sealing pass moves them to the versioned format.
 */
@QuarkusTest
class PiiResealingTest {

    @Inject
    PiiResealing resealing;

    @Inject
    Resealer resealer;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "registration.pii.encryption-key")
    String key;

    @Test
    void ownersOfTheOldFormatAreReadThenReSealedOnceAndStillReadTheSame() {
        String idNumber = TestData.idNumber();
        String phone = TestData.phone();
        String id = Api.json(Tokens.regulator()).body(Api.ownerBody("欧阳娜娜", idNumber, phone)).post("/api/owners")
                .then().statusCode(201).extract().path("id");
        byte[] raw = Base64.getDecoder().decode(key);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE owners SET name_enc = ?1, id_number_enc = ?2, phone_enc = ?3 WHERE id = ?4")
                .setParameter(1, LegacyPiiFormat.seal(raw, "name", "欧阳娜娜"))
                .setParameter(2, LegacyPiiFormat.seal(raw, "idNumber", idNumber))
                .setParameter(3, LegacyPiiFormat.seal(raw, "phone", phone))
                .setParameter(4, UUID.fromString(id)).executeUpdate());
        assertThat(stored(id)).allSatisfy(v -> assertThat(v[0]).isEqualTo((byte) 1));
        readsAsRegistered(id, idNumber, phone);

        long first = resealing.run();

        assertThat(first).isGreaterThanOrEqualTo(3);
        assertThat(stored(id)).allSatisfy(v -> assertThat(FieldCipher.isVersioned(v)).isTrue());
        readsAsRegistered(id, idNumber, phone);
        assertThat(resealing.run()).isZero();
    }

    @Test
    void aRotationMovesEveryValueToTheNewKeyAndLeavesAConcurrentWriteAlone() {
        String table = "pii_rotation_probe";
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("CREATE TABLE IF NOT EXISTS " + table
                + " (id uuid PRIMARY KEY, secret bytea)").executeUpdate());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM " + table).executeUpdate());
        byte[] oldKey = PiiCryptoTest.filled(7);
        byte[] newKey = PiiCryptoTest.filled(8);
        FieldCipher before = new FieldCipher(Keyring.ofRaw("k1", oldKey, Map.of()));
        FieldCipher after = new FieldCipher(Keyring.ofRaw("k2", newKey, Map.of("k1", oldKey)));
        List<UUID> ids = new java.util.ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 1203; i++) {
                UUID row = UUID.randomUUID();
                ids.add(row);
                em.createNativeQuery("INSERT INTO " + table + " VALUES (?1, ?2)").setParameter(1, row)
                        .setParameter(2, before.seal(table, "secret", row, "value-" + i)).executeUpdate();
            }
        });
        SealedColumn column = new SealedColumn(table, "id", "secret", false, null);

        Resealer.Pass pass = resealer.reseal(after, column, 500);

        assertThat(pass.scanned()).isEqualTo(1203);
        assertThat(pass.resealed()).isEqualTo(1203);
        assertThat(pass.unreadable()).isZero();
        FieldCipher onlyNew = new FieldCipher(Keyring.ofRaw("k2", newKey, Map.of()));
        for (int i = 0; i < ids.size(); i += 97) {
            UUID row = ids.get(i);
            byte[] value = (byte[]) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "SELECT secret FROM " + table + " WHERE id = ?1").setParameter(1, row).getSingleResult());
            assertThat(onlyNew.isCurrent(value)).isTrue();
            assertThat(onlyNew.open(table, "secret", row, value)).isEqualTo("value-" + i);
        }
        assertThat(resealer.reseal(after, column, 500).resealed()).isZero();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DROP TABLE " + table).executeUpdate());
    }

    private void readsAsRegistered(String id, String idNumber, String phone) {
        Api.as(Tokens.regulator()).get("/api/owners/" + id).then().statusCode(200)
                .body("name", equalTo(Masking.name("欧阳娜娜")))
                .body("idNumber", equalTo(Masking.idNumber(idNumber)))
                .body("phone", equalTo(Masking.phone(phone)));
    }

    @SuppressWarnings("unchecked")
    private List<byte[]> stored(String id) {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "SELECT name_enc, id_number_enc, phone_enc FROM owners WHERE id = ?1")
                .setParameter(1, UUID.fromString(id)).getSingleResult());
        return List.of((byte[]) row[0], (byte[]) row[1], (byte[]) row[2]);
    }
}
