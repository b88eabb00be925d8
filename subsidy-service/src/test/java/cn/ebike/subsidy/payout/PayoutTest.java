package cn.ebike.subsidy.payout;

import static cn.ebike.subsidy.testsupport.Fixtures.FILED;
import static cn.ebike.subsidy.testsupport.Fixtures.JUNE;
import static cn.ebike.subsidy.testsupport.Fixtures.claim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import cn.ebike.subsidy.claim.Subsidy;
import cn.ebike.subsidy.claim.SubsidyRepository;
import cn.ebike.subsidy.claim.SubsidyStatus;
import cn.ebike.subsidy.testsupport.FakeUpstream;
import cn.ebike.subsidy.testsupport.FakeUpstream.TradeIn;
import cn.ebike.subsidy.testsupport.Fixtures;
import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PayoutTest {

    @Inject
    PayoutWorker worker;

    @Inject
    SandboxPayoutProvider sandbox;

    @Inject
    SubsidyRepository subsidies;

    @Inject
    PayoutLedger ledger;

    @Inject
    PayoutAttemptRepository payoutAttempts;

    @Inject
    EntityManager em;

    Fixtures.Created campaign;
    UUID dealer;

    @BeforeEach
    void campaign() {
        campaign = Fixtures.threePhases(Fixtures.district(), 200, 10, 10);
        dealer = FakeUpstream.dealer(campaign.district(), true);
        sandbox.behave(new SandboxPayoutProvider.Behaviour(0, 0, 0));
    }

    @AfterEach
    void reliableAgain() {
        sandbox.behave(new SandboxPayoutProvider.Behaviour(0, 0, 0));
    }

    record Grant(UUID subsidyId, UUID ownerId) {
    }

    private Grant grant() {
        TradeIn t = FakeUpstream.eligible(dealer, UUID.randomUUID(), JUNE.plusSeconds(10), FILED);
        String id = claim(t.id()).statusCode(201).body("status", equalTo("GRANTED")).extract().path("id");
        return new Grant(UUID.fromString(id), t.ownerId());
    }

    private static String walletFor(UUID owner) {
        return "0021" + owner.toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    private void bindWallet(UUID owner) {
        given().auth().oauth2(Tokens.owner(owner)).contentType(ContentType.JSON)
                .body(Map.of("walletId", walletFor(owner))).when().put("/api/subsidies/wallet").then().statusCode(200);
    }

    private Subsidy load(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> subsidies.findById(id));
    }

    private void runWorkerUntil(List<Grant> grants, Predicate<Subsidy> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!grants.stream().map(g -> load(g.subsidyId())).allMatch(done)) {
            assertThat(System.currentTimeMillis()).as("payouts settle in time").isLessThan(deadline);
            if (worker.runOnce() == 0) {
                Thread.sleep(20);
            }
        }
    }

    private List<PayoutProvider.ProviderPayment> ledgerFor(UUID subsidyId) {
        return sandbox.statement(Instant.EPOCH, Instant.now().plusSeconds(5)).stream()
                .filter(p -> p.idempotencyKey().equals(subsidyId.toString())).toList();
    }

    private List<PayoutAttempt> attempts(UUID subsidyId) {
        return payoutAttempts.ofSubsidies(List.of(subsidyId));
    }

    @Test
    void walletIsValidatedStoredEncryptedAndShownMasked() {
        UUID owner = UUID.randomUUID();
        given().auth().oauth2(Tokens.owner(owner)).contentType(ContentType.JSON).body(Map.of("walletId", "abc"))
                .when().put("/api/subsidies/wallet").then().statusCode(400).body("errors.field", hasItem("walletId"));
        given().auth().oauth2(Tokens.owner(owner)).contentType(ContentType.JSON).body(Map.of("walletId", "0021 3344 5566 7788"))
                .when().put("/api/subsidies/wallet").then().statusCode(400).body("errors.field", hasItem("walletId"));
        given().auth().oauth2(Tokens.owner(owner)).contentType(ContentType.JSON).body("{}")
                .when().put("/api/subsidies/wallet").then().statusCode(400).body("errors.field", hasItem("walletId"));
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON).body(Map.of("walletId", "0021334455667788"))
                .when().put("/api/subsidies/wallet").then().statusCode(403);

        given().auth().oauth2(Tokens.owner(owner)).contentType(ContentType.JSON).body(Map.of("walletId", "0021334455667788"))
                .when().put("/api/subsidies/wallet").then().statusCode(200)
                .body("walletId", equalTo("0021********7788")).body("ownerId", equalTo(owner.toString()));
        given().auth().oauth2(Tokens.owner(owner)).when().get("/api/subsidies/wallet").then().statusCode(200)
                .body("walletId", equalTo("0021********7788")).body(not(containsString("0021334455667788")));

        byte[] stored = QuarkusTransaction.requiringNew().call(() -> (byte[]) em
                .createNativeQuery("select wallet_cipher from wallet where owner_id = :o").setParameter("o", owner)
                .getSingleResult());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("0021334455667788");
        assertThat(stored.length).isGreaterThan(16 + 12);
    }

    @Test
    void aGrantWaitsForAWalletThenIsPaidOnceAndAudited() throws Exception {
        Grant g = grant();
        worker.runOnce();
        assertThat(load(g.subsidyId()).status()).as("no wallet, no payout").isEqualTo(SubsidyStatus.GRANTED);

        bindWallet(g.ownerId());
        runWorkerUntil(List.of(g), s -> s.status() == SubsidyStatus.PAID);

        Subsidy paid = load(g.subsidyId());
        assertThat(paid.payoutAttempts()).isEqualTo(1);
        assertThat(paid.paidAt()).isNotNull();
        List<PayoutProvider.ProviderPayment> payments = ledgerFor(g.subsidyId());
        assertThat(payments).hasSize(1);
        assertThat(payments.get(0).amountFen()).isEqualTo(30000);
        assertThat(payments.get(0).walletMasked()).isEqualTo("0021********" + walletFor(g.ownerId()).substring(12));

        given().auth().oauth2(Tokens.owner(g.ownerId())).when().get("/api/subsidies/" + g.subsidyId()).then()
                .statusCode(200).body("status", equalTo("PAID")).body("payoutAttempts", equalTo(1));
        List<String> transitions = given().auth().oauth2(Tokens.regulator())
                .when().get("/api/subsidies/" + g.subsidyId() + "/history").then().statusCode(200)
                .extract().jsonPath().getList("toStatus");
        assertThat(transitions).containsSubsequence("GRANTED", "PAYING", "PAID");
    }

    @Test
    void withThirtyPercentFailuresAndLostAnswersEveryGrantIsPaidExactlyOnceAtTheProvider() throws Exception {
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Grant g = grant();
            bindWallet(g.ownerId());
            grants.add(g);
        }
        sandbox.behave(new SandboxPayoutProvider.Behaviour(0, 0.3, 0.3));
        runWorkerUntil(grants, s -> s.status() == SubsidyStatus.PAID);

        int totalAttempts = 0;
        boolean sawUnknown = false;
        for (Grant g : grants) {
            assertThat(ledgerFor(g.subsidyId())).as("exactly one payment at the provider").hasSize(1)
                    .allSatisfy(p -> assertThat(p.amountFen()).isEqualTo(30000));
            Subsidy s = load(g.subsidyId());
            List<PayoutAttempt> attempts = attempts(g.subsidyId());
            assertThat(attempts.stream().filter(a -> a.kind == PayoutAttempt.Kind.PAY)).hasSize(s.payoutAttempts());
            assertThat(attempts.stream().filter(a -> a.outcome == PayoutAttempt.Outcome.SUCCEEDED))
                    .as("one confirmed success (a payment or a query)").hasSize(1);
            totalAttempts += s.payoutAttempts();
            sawUnknown |= attempts.stream().anyMatch(a -> a.outcome == PayoutAttempt.Outcome.UNKNOWN);
        }
        assertThat(totalAttempts).as("failures happened and were retried").isGreaterThan(grants.size());
        assertThat(sawUnknown).as("lost answers happened").isTrue();

        given().auth().oauth2(Tokens.regulator()).when().get("/api/campaigns/" + campaign.campaignId() + "/reconciliation")
                .then().statusCode(200).body("summary.mismatches", equalTo(0)).body("summary.paid", equalTo(40))
                .body("summary.providerPayments", equalTo(40)).body("summary.paidFen", equalTo(40 * 30000));
    }

    @Test
    void twoWorkersAtOnceNeverTakeTheSameGrant() throws Exception {
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Grant g = grant();
            bindWallet(g.ownerId());
            grants.add(g);
        }
        sandbox.behave(new SandboxPayoutProvider.Behaviour(15, 0, 0));
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> drain(grants));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> drain(grants));
        CompletableFuture.allOf(a, b).get();
        for (Grant g : grants) {
            Subsidy s = load(g.subsidyId());
            assertThat(s.status()).isEqualTo(SubsidyStatus.PAID);
            assertThat(s.payoutAttempts()).as("paid by one worker, with one call").isEqualTo(1);
            assertThat(attempts(g.subsidyId())).hasSize(1);
            assertThat(ledgerFor(g.subsidyId())).hasSize(1);
        }
    }

    private void drain(List<Grant> grants) {
        try {
            runWorkerUntil(grants, s -> s.status() == SubsidyStatus.PAID);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aLostAnswerIsConfirmedByAskingTheProviderNotByPayingAgain() throws Exception {
        Grant g = grant();
        bindWallet(g.ownerId());
        sandbox.behave(new SandboxPayoutProvider.Behaviour(0, 0, 1.0));
        runWorkerUntil(List.of(g), s -> s.payoutAttempts() == 1 && s.status() == SubsidyStatus.PAYING && s.payoutError() != null);
        assertThat(ledgerFor(g.subsidyId())).as("the payment went through").hasSize(1);

        sandbox.behave(new SandboxPayoutProvider.Behaviour(0, 0, 0));
        runWorkerUntil(List.of(g), s -> s.status() == SubsidyStatus.PAID);
        assertThat(load(g.subsidyId()).payoutAttempts()).as("no second payment call").isEqualTo(1);
        List<PayoutAttempt> attempts = attempts(g.subsidyId());
        assertThat(attempts.stream().map(a -> a.kind + ":" + a.outcome).collect(Collectors.toList()))
                .containsExactly("PAY:UNKNOWN", "QUERY:SUCCEEDED");
        assertThat(ledgerFor(g.subsidyId())).hasSize(1);
    }

    @Test
    void aProviderThatAlwaysTimesOutAfterPayingStillPaysEachGrantOnceSetThroughTheControlEndpoint() throws Exception {
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Grant g = grant();
            bindWallet(g.ownerId());
            grants.add(g);
        }
        // the drill's switch: SERVICE only, validated, partial updates keep the other knobs
        given().auth().oauth2(Tokens.regulator()).contentType(ContentType.JSON).body(Map.of("lostAnswerRate", 1.0))
                .when().put("/sandbox/behaviour").then().statusCode(403);
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON)
                .body(Map.of("failureRate", 1.5, "latencyMs", -1)).when().put("/sandbox/behaviour").then()
                .statusCode(400).body("errors.field", hasItem("failureRate")).body("errors.field", hasItem("latencyMs"));
        given().auth().oauth2(Tokens.service()).contentType(ContentType.JSON).body(Map.of("lostAnswerRate", 1.0))
                .when().put("/sandbox/behaviour").then().statusCode(200)
                .body("lostAnswerRate", equalTo(1.0f)).body("failureRate", equalTo(0.0f)).body("latencyMs", equalTo(0));
        assertThat(sandbox.behaviour().lostAnswerRate()).isEqualTo(1.0);

        // every PAY call books the payment and then "times out"; the retry must ask, not pay again
        runWorkerUntil(grants, s -> s.status() == SubsidyStatus.PAID);
        for (Grant g : grants) {
            assertThat(ledgerFor(g.subsidyId())).as("one payment at the provider for " + g.subsidyId()).hasSize(1);
            assertThat(attempts(g.subsidyId()).stream().map(a -> a.kind + ":" + a.outcome).toList())
                    .containsExactly("PAY:UNKNOWN", "QUERY:SUCCEEDED");
        }
        // the operator's books, by account: each wallet credited once for this campaign
        List<?> perWallet = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select wallet_fingerprint, count(*) from sandbox_payment where reference = :r
                group by wallet_fingerprint""").setParameter("r", campaign.campaignId().toString()).getResultList());
        assertThat(perWallet).hasSize(grants.size());
        assertThat(perWallet).allSatisfy(r -> assertThat(((Number) ((Object[]) r)[1]).longValue()).isEqualTo(1L));
        assertThat(perWallet).allSatisfy(r -> assertThat((String) ((Object[]) r)[0]).hasSize(64));
        given().auth().oauth2(Tokens.service()).when().get("/sandbox/behaviour").then().statusCode(200)
                .body("lostAnswerRate", equalTo(1.0f));
    }

    @Test
    void aPayoutThatKeepsFailingEndsFailedAndARegulatorRetryPaysIt() throws Exception {
        Grant g = grant();
        bindWallet(g.ownerId());
        sandbox.behave(new SandboxPayoutProvider.Behaviour(0, 1.0, 0));
        runWorkerUntil(List.of(g), s -> s.status() == SubsidyStatus.FAILED);
        Subsidy failed = load(g.subsidyId());
        assertThat(failed.payoutAttempts()).isEqualTo(10);
        assertThat(failed.payoutError()).contains("declined");
        assertThat(ledgerFor(g.subsidyId())).isEmpty();

        given().auth().oauth2(Tokens.regulator()).when().get("/api/campaigns/" + campaign.campaignId() + "/stats").then()
                .statusCode(200).body("phases[0].failed", equalTo(1));
        given().auth().oauth2(Tokens.regulator()).when().get("/api/subsidies?status=FAILED&campaignId=" + campaign.campaignId())
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(g.subsidyId().toString()));

        given().auth().oauth2(Tokens.owner(g.ownerId())).when().post("/api/subsidies/" + g.subsidyId() + "/payout-retry")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.regulator()).when().post("/api/subsidies/" + UUID.randomUUID() + "/payout-retry")
                .then().statusCode(404);
        sandbox.behave(new SandboxPayoutProvider.Behaviour(0, 0, 0));
        given().auth().oauth2(Tokens.regulator()).when().post("/api/subsidies/" + g.subsidyId() + "/payout-retry")
                .then().statusCode(202).body("status", equalTo("GRANTED"));
        given().auth().oauth2(Tokens.regulator()).when().post("/api/subsidies/" + g.subsidyId() + "/payout-retry")
                .then().statusCode(409).contentType("application/problem+json");

        runWorkerUntil(List.of(g), s -> s.status() == SubsidyStatus.PAID);
        assertThat(load(g.subsidyId()).payoutAttempts()).isEqualTo(11);
        assertThat(ledgerFor(g.subsidyId())).hasSize(1);
        given().auth().oauth2(Tokens.regulator()).when().post("/api/subsidies/" + g.subsidyId() + "/payout-retry")
                .then().statusCode(409);
    }

    @Test
    void reconciliationFlagsWhatDoesNotMatchAndExportsCsv() throws Exception {
        Grant paid = grant();
        Grant paidHereOnly = grant();
        Grant paidThereOnly = grant();
        bindWallet(paid.ownerId());
        runWorkerUntil(List.of(paid), s -> s.status() == SubsidyStatus.PAID);
        String stranger = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update subsidy set status = 'PAID', paid_at = now() where id = :id")
                    .setParameter("id", paidHereOnly.subsidyId()).executeUpdate();
            insertProviderPayment(paidThereOnly.subsidyId().toString(), 12345);
            insertProviderPayment(stranger, 500);
        });

        var json = given().auth().oauth2(Tokens.regulator())
                .when().get("/api/campaigns/" + campaign.campaignId() + "/reconciliation").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
        assertThat(json.getInt("summary.grants")).isEqualTo(3);
        assertThat(json.getList("items.find { it.subsidyId == '" + paid.subsidyId() + "' }.mismatches")).isEmpty();
        assertThat(json.getList("items.find { it.subsidyId == '" + paid.subsidyId() + "' }.provider")).hasSize(1);
        assertThat(json.getList("items.find { it.subsidyId == '" + paidHereOnly.subsidyId() + "' }.mismatches", String.class))
                .containsExactly("PAID_NOT_AT_PROVIDER");
        assertThat(json.getList("items.find { it.subsidyId == '" + paidThereOnly.subsidyId() + "' }.mismatches", String.class))
                .containsExactlyInAnyOrder("PROVIDER_PAID_NOT_RECORDED", "AMOUNT_MISMATCH");
        assertThat(json.getList("unknownProviderPayments.idempotencyKey", String.class)).contains(stranger);

        String csv = given().auth().oauth2(Tokens.regulator())
                .when().get("/api/campaigns/" + campaign.campaignId() + "/reconciliation?format=csv").then()
                .statusCode(200).contentType(containsString("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).startsWith("subsidyId,tradeInId,ownerId,phaseId,rank,status,amountFen");
        assertThat(lines).anyMatch(l -> l.startsWith(paidHereOnly.subsidyId() + ",") && l.endsWith("PAID_NOT_AT_PROVIDER"));
        assertThat(lines).anyMatch(l -> l.contains("PROVIDER_PAYMENT_FOR_UNKNOWN_GRANT key=" + stranger));

        given().auth().oauth2(Tokens.owner(paid.ownerId()))
                .when().get("/api/campaigns/" + campaign.campaignId() + "/reconciliation").then().statusCode(403);
        given().auth().oauth2(Tokens.regulator())
                .when().get("/api/campaigns/" + UUID.randomUUID() + "/reconciliation").then().statusCode(404);
    }

    private void insertProviderPayment(String key, long amountFen) {
        em.createNativeQuery("""
                insert into sandbox_payment (payment_id, idempotency_key, wallet_masked, amount_fen, reference, created_at)
                values (:id, :k, '0021****0000', :a, :r, now())
                """).setParameter("id", UUID.randomUUID()).setParameter("k", key).setParameter("a", amountFen)
                .setParameter("r", campaign.campaignId().toString()).executeUpdate();
    }
}
