package cn.ebike.subsidy.wallet;

import static cn.ebike.subsidy.testsupport.Fixtures.FILED;
import static cn.ebike.subsidy.testsupport.Fixtures.JUNE;
import static cn.ebike.subsidy.testsupport.Fixtures.claim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.ebike.subsidy.testsupport.FakeUpstream;
import cn.ebike.subsidy.testsupport.Fixtures;
import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** One e-CNY wallet, one owner; the owners' app reads the bound wallet and the names of its subsidies. */
@QuarkusTest
class WalletBindingTest {

    @Inject
    EntityManager em;

    @Inject
    WalletCrypto crypto;

    @Inject
    WalletHashBackfill backfill;

    static String newWalletId() {
        return "0021" + String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    }

    static io.restassured.response.ValidatableResponse bind(UUID owner, String walletId) {
        return given().auth().oauth2(Tokens.owner(owner)).contentType(ContentType.JSON).body(Map.of("walletId", walletId))
                .when().put("/api/subsidies/wallet").then();
    }

    @Test
    void noWalletIs404AndABoundOneIsShownMaskedWithItsTimes() {
        UUID owner = UUID.randomUUID();
        given().auth().oauth2(Tokens.owner(owner)).when().get("/api/subsidies/wallet").then().statusCode(404)
                .contentType("application/problem+json");
        String wallet = newWalletId();
        bind(owner, wallet).statusCode(200);
        given().auth().oauth2(Tokens.owner(owner)).when().get("/api/subsidies/wallet").then().statusCode(200)
                .body("walletId", equalTo(wallet.substring(0, 4) + "********" + wallet.substring(12)))
                .body("boundAt", notNullValue()).body("updatedAt", notNullValue());
    }

    @Test
    void aWalletAnotherOwnerHoldsIs409AndTheirBindingStays() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String wallet = newWalletId();
        bind(first, wallet).statusCode(200);
        bind(second, wallet).statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://ebike.local/problems/wallet-bound-elsewhere"))
                .body("title", equalTo("Conflict"));
        given().auth().oauth2(Tokens.owner(second)).when().get("/api/subsidies/wallet").then().statusCode(404);
        // the holder may bind it again (same wallet) and change it; then the old one is free for others
        bind(first, wallet).statusCode(200);
        bind(first, newWalletId()).statusCode(200);
        bind(second, wallet).statusCode(200);
    }

    @Test
    void twoOwnersRacingForOneWalletGetOneBindingAndOne409() throws Exception {
        String wallet = newWalletId();
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID owner = UUID.randomUUID();
            Callable<Integer> call = () -> {
                start.await();
                return bind(owner, wallet).extract().statusCode();
            };
            answers.add(pool.submit(call));
        }
        start.countDown();
        int ok = 0;
        int conflicts = 0;
        for (Future<Integer> f : answers) {
            int status = f.get();
            if (status == 200) {
                ok++;
            } else if (status == 409) {
                conflicts++;
            }
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(1);
        assertThat(conflicts).isEqualTo(n - 1);
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from wallet where wallet_hash = :h").setParameter("h", crypto.hash(wallet))
                .getSingleResult()).longValue());
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void walletsBoundBeforeTheRuleAreHashedAndOldSharedOnesFlaggedNotFailed() {
        String shared = newWalletId();
        UUID earlier = UUID.randomUUID();
        UUID later = UUID.randomUUID();
        UUID alone = UUID.randomUUID();
        String own = newWalletId();
        Instant t = Instant.now().minusSeconds(3600);
        QuarkusTransaction.requiringNew().run(() -> {
            insertLegacy(earlier, shared, t);
            insertLegacy(later, shared, t.plusSeconds(60));
            insertLegacy(alone, own, t.plusSeconds(120));
        });
        int[] done = backfill.run();
        assertThat(done[0]).isGreaterThanOrEqualTo(2);
        assertThat(done[1]).isGreaterThanOrEqualTo(1);
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(hashOf(earlier, "wallet_hash")).isEqualTo(crypto.hash(shared));
            assertThat(hashOf(later, "wallet_hash")).isNull();
            assertThat(hashOf(later, "wallet_hash_shared")).isEqualTo(crypto.hash(shared));
            assertThat(hashOf(alone, "wallet_hash")).isEqualTo(crypto.hash(own));
        });
        // both old bindings are kept (reconciliation flags them); nobody new can take that wallet
        bind(UUID.randomUUID(), shared).statusCode(409);
        assertThat(backfill.run()).containsExactly(0, 0);
    }

    @Inject
    WalletResealing resealing;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "subsidy.wallet.encryption-key")
    String key;

    @Test
    void walletsOfTheOldFormatAreReadThenReSealedOnce() {
        UUID owner = UUID.randomUUID();
        String walletId = newWalletId();
        bind(owner, walletId).statusCode(200);
        byte[] old = LegacyWalletFormat.seal(java.util.Base64.getDecoder().decode(key), owner, walletId);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update wallet set wallet_cipher = :c where owner_id = :o").setParameter("c", old)
                .setParameter("o", owner).executeUpdate());
        assertThat(crypto.decrypt(owner, cipherOf(owner))).isEqualTo(walletId);

        assertThat(resealing.run()).isGreaterThanOrEqualTo(1);

        byte[] now = cipherOf(owner);
        assertThat(cn.ebike.common.crypto.FieldCipher.isVersioned(now)).isTrue();
        assertThat(crypto.decrypt(owner, now)).isEqualTo(walletId);
        assertThat(resealing.run()).isZero();
    }

    private byte[] cipherOf(UUID owner) {
        return QuarkusTransaction.requiringNew().call(() -> (byte[]) em.createNativeQuery(
                "select wallet_cipher from wallet where owner_id = :o").setParameter("o", owner).getSingleResult());
    }

    private void insertLegacy(UUID owner, String walletId, Instant at) {
        em.createNativeQuery("insert into wallet (owner_id, wallet_cipher, wallet_masked, bound_at, updated_at) "
                        + "values (:o, :c, :m, :t, :t)")
                .setParameter("o", owner).setParameter("c", crypto.encrypt(owner, walletId))
                .setParameter("m", "0021********0000").setParameter("t", at).executeUpdate();
    }

    private byte[] hashOf(UUID owner, String column) {
        return (byte[]) em.createNativeQuery("select " + column + " from wallet where owner_id = :o")
                .setParameter("o", owner).getSingleResult();
    }

    @Test
    void anOwnersSubsidiesNameTheirCampaignAndPhase() {
        Fixtures.Created campaign = Fixtures.threePhases(Fixtures.district(), 5, 5, 5);
        UUID dealer = FakeUpstream.dealer(campaign.district(), true);
        UUID owner = UUID.randomUUID();
        claim(FakeUpstream.eligible(dealer, owner, JUNE.plusSeconds(1), FILED).id()).statusCode(201);
        given().auth().oauth2(Tokens.owner(owner)).when().get("/api/subsidies/me").then().statusCode(200)
                .body("items[0].campaignName", equalTo("Early trade-in subsidy " + campaign.district()))
                .body("items[0].phaseName", equalTo("June"))
                .body("items[0].status", equalTo("GRANTED"))
                .body("items[0].amountFen", equalTo(30000))
                .body("items[0].rank", equalTo(1));
    }
}
