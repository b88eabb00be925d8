package cn.ebike.subsidy.reconciliation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import cn.ebike.subsidy.payout.SandboxPayoutProvider;
import cn.ebike.subsidy.testsupport.Fixtures;
import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation of a campaign with 2,500 grants over three phases (more than two of the service's chunks of
 * 1,000), half of them PAID with the provider's matching payment, and four planted discrepancies: a payment for a grant
 * not PAID here, a PAID grant with no payment, a payment of the wrong amount, and a payment that belongs to no grant
 * (the sandbox cannot pay one key twice: that flag is {@link ReconcilerTest}'s). One PAID grant's payment lies outside
 * the statement's window: asked by key, the provider confirms it and nothing is flagged. Pages, the mismatch filter, the whole campaign's totals on every page and the streamed CSV.
 */
@QuarkusTest
class ReconciliationPagingTest {

    static final int PER_PHASE_1 = 1000;
    static final int PER_PHASE_2 = 1000;
    static final int PER_PHASE_3 = 500;
    static final int GRANTS = PER_PHASE_1 + PER_PHASE_2 + PER_PHASE_3;
    /** even ranks are PAID */
    static final int PAID = PER_PHASE_1 / 2 + PER_PHASE_2 / 2 + PER_PHASE_3 / 2;

    @Inject
    EntityManager em;

    @Inject
    SandboxPayoutProvider sandbox;

    Fixtures.Created campaign;
    UUID paidHereOnly;
    UUID paidThereOnly;
    UUID wrongAmount;
    UUID paidLongAgo;
    String stray;
    Set<UUID> allGrants;

    @BeforeEach
    void aCampaignWithManyGrants() {
        sandbox.behave(new SandboxPayoutProvider.Behaviour(0, 0, 0));
        campaign = Fixtures.threePhases(Fixtures.district(), PER_PHASE_1, PER_PHASE_2, PER_PHASE_3);
        stray = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            int[] counts = {PER_PHASE_1, PER_PHASE_2, PER_PHASE_3};
            for (int i = 0; i < 3; i++) {
                em.createNativeQuery("""
                        insert into subsidy (id, trade_in_id, owner_id, old_vehicle_id, campaign_id, phase_id, status,
                                             amount_fen, rank, phase_quota, decided_at, granted_at, paid_at, updated_at)
                        select gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), :c, :p,
                               case when g % 2 = 0 then 'PAID' else 'GRANTED' end, 30000, g, :q, now(), now(),
                               case when g % 2 = 0 then now() end, now()
                        from generate_series(1, :q) g
                        """).setParameter("c", campaign.campaignId()).setParameter("p", campaign.phaseIds().get(i))
                        .setParameter("q", counts[i]).executeUpdate();
            }
            em.createNativeQuery("""
                    insert into sandbox_payment (payment_id, idempotency_key, wallet_masked, amount_fen, reference, created_at)
                    select gen_random_uuid(), cast(id as varchar), '0021****0000', amount_fen, cast(campaign_id as varchar), now()
                    from subsidy where campaign_id = :c and status = 'PAID'
                    """).setParameter("c", campaign.campaignId()).executeUpdate();
        });
        paidThereOnly = grantAt(0, 7);
        paidHereOnly = grantAt(1, 10);
        wrongAmount = grantAt(2, 4);
        paidLongAgo = grantAt(1, 20);
        QuarkusTransaction.requiringNew().run(() -> {
            payment(paidThereOnly.toString(), 30000, "now()");
            em.createNativeQuery("delete from sandbox_payment where idempotency_key = :k")
                    .setParameter("k", paidHereOnly.toString()).executeUpdate();
            em.createNativeQuery("update sandbox_payment set amount_fen = 29999 where idempotency_key = :k")
                    .setParameter("k", wrongAmount.toString()).executeUpdate();
            payment(stray, 500, "now()");
            // paid, but booked outside the statement's window: the provider confirms it when asked by key
            em.createNativeQuery("update sandbox_payment set created_at = timestamptz '2001-01-01 00:00:00+00' where idempotency_key = :k")
                    .setParameter("k", paidLongAgo.toString()).executeUpdate();
            // a payout attempt of one grant: a page carries its own lines' attempts
            em.createNativeQuery("""
                    insert into payout_attempt (id, subsidy_id, attempt_no, kind, started_at, finished_at, outcome, amount_fen)
                    values (gen_random_uuid(), :s, 1, 'PAY', now(), now(), 'SUCCEEDED', 30000)
                    """).setParameter("s", wrongAmount).executeUpdate();
        });
        allGrants = new HashSet<>();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("select id from subsidy where campaign_id = :c")
                .setParameter("c", campaign.campaignId()).getResultList().forEach(o -> allGrants.add((UUID) o)));
        assertThat(allGrants).hasSize(GRANTS);
    }

    private UUID grantAt(int phase, int rank) {
        return QuarkusTransaction.requiringNew().call(() -> (UUID) em.createNativeQuery(
                "select id from subsidy where phase_id = :p and rank = :r")
                .setParameter("p", campaign.phaseIds().get(phase)).setParameter("r", rank).getSingleResult());
    }

    private void payment(String key, long amountFen, String at) {
        em.createNativeQuery("insert into sandbox_payment (payment_id, idempotency_key, wallet_masked, amount_fen, reference, created_at) "
                + "values (:id, :k, '0021****0000', :a, :r, " + at + ")")
                .setParameter("id", UUID.randomUUID()).setParameter("k", key).setParameter("a", amountFen)
                .setParameter("r", campaign.campaignId().toString()).executeUpdate();
    }

    private JsonPath page(String query) {
        return given().auth().oauth2(Tokens.regulator())
                .when().get("/api/campaigns/" + campaign.campaignId() + "/reconciliation" + query).then().statusCode(200)
                .extract().jsonPath();
    }

    private void assertWholeCampaignTotals(JsonPath p) {
        assertThat(p.getInt("summary.grants")).isEqualTo(GRANTS);
        assertThat(p.getLong("summary.grantedFen")).isEqualTo(GRANTS * 30000L);
        assertThat(p.getInt("summary.paid")).isEqualTo(PAID);
        assertThat(p.getLong("summary.paidFen")).isEqualTo(PAID * 30000L);
        // every PAID grant's payment (one wrong by a fen, one missing), the payment of a grant not PAID, the stray
        assertThat(p.getInt("summary.providerPayments")).isEqualTo(PAID - 1 + 1 + 1);
        assertThat(p.getLong("summary.providerPaidFen")).isEqualTo((PAID - 1) * 30000L - 1 + 30000 + 500);
        assertThat(p.getInt("summary.mismatches")).isEqualTo(4);
        assertThat(p.getList("unknownProviderPayments.idempotencyKey", String.class)).containsExactly(stray);
        assertThat(p.getString("provider")).isEqualTo("sandbox");
    }

    @Test
    void pagesCoverEveryGrantExactlyOnceInReportOrderWithTheWholeCampaignsTotals() {
        List<String> seen = new ArrayList<>();
        List<Map<String, Object>> lines = new ArrayList<>();
        int pages = 0;
        for (int page = 0; ; page++) {
            JsonPath p = page("?page=" + page + "&size=200");
            assertThat(p.getLong("total")).isEqualTo(GRANTS);
            assertThat(p.getInt("page")).isEqualTo(page);
            assertThat(p.getInt("size")).isEqualTo(200);
            assertWholeCampaignTotals(p);
            List<Map<String, Object>> items = p.getList("items");
            if (items.isEmpty()) {
                break;
            }
            pages++;
            lines.addAll(items);
            items.forEach(i -> seen.add((String) i.get("subsidyId")));
        }
        assertThat(pages).isEqualTo((GRANTS + 199) / 200);
        assertThat(seen).hasSize(GRANTS).doesNotHaveDuplicates();
        assertThat(seen.stream().map(UUID::fromString).collect(java.util.stream.Collectors.toSet())).isEqualTo(allGrants);
        // phase by phase, ranks 1..n in order (the order of the report, kept across pages and chunks)
        for (int i = 1; i < lines.size(); i++) {
            Map<String, Object> a = lines.get(i - 1);
            Map<String, Object> b = lines.get(i);
            if (a.get("phaseId").equals(b.get("phaseId"))) {
                assertThat((Integer) b.get("rank")).isEqualTo((Integer) a.get("rank") + 1);
            } else {
                assertThat(b.get("rank")).isEqualTo(1);
            }
        }
        // flags on the right lines, whatever page they fell on
        Map<String, List<String>> flagged = new java.util.HashMap<>();
        lines.stream().filter(l -> !((List<?>) l.get("mismatches")).isEmpty())
                .forEach(l -> flagged.put((String) l.get("subsidyId"), ((List<?>) l.get("mismatches")).stream().map(Object::toString).toList()));
        assertThat(flagged).isEqualTo(Map.of(
                paidThereOnly.toString(), List.of("PROVIDER_PAID_NOT_RECORDED"),
                paidHereOnly.toString(), List.of("PAID_NOT_AT_PROVIDER"),
                wrongAmount.toString(), List.of("AMOUNT_MISMATCH")));
        // the payment outside the statement's window was confirmed by key, not flagged
        Map<String, Object> longAgo = lines.stream().filter(l -> l.get("subsidyId").equals(paidLongAgo.toString())).findFirst().orElseThrow();
        assertThat((List<?>) longAgo.get("provider")).hasSize(1);
        // a page's lines carry their payout attempts
        Map<String, Object> withAttempt = lines.stream().filter(l -> l.get("subsidyId").equals(wrongAmount.toString())).findFirst().orElseThrow();
        assertThat((List<?>) withAttempt.get("payouts")).hasSize(1);

        // past the end: empty, the same totals
        JsonPath beyond = page("?page=1000&size=200");
        assertThat(beyond.getList("items")).isEmpty();
        assertThat(beyond.getLong("total")).isEqualTo(GRANTS);
        // the suite's default page size
        assertThat(page("").getList("items")).hasSize(50);
        assertThat(page("").getInt("size")).isEqualTo(50);
    }

    @Test
    void theMismatchFilterKeepsTheFlaggedGrantsAndTheWholeCampaignsTotals() {
        JsonPath all = page("?mismatches=true&size=200");
        assertThat(all.getLong("total")).isEqualTo(3);
        assertThat(all.getBoolean("mismatchesOnly")).isTrue();
        assertThat(all.getList("items.subsidyId", String.class)).containsExactlyInAnyOrder(paidThereOnly.toString(),
                paidHereOnly.toString(), wrongAmount.toString());
        assertWholeCampaignTotals(all);

        JsonPath first = page("?mismatches=true&size=2&page=0");
        JsonPath second = page("?mismatches=true&size=2&page=1");
        assertThat(first.getList("items")).hasSize(2);
        assertThat(second.getList("items")).hasSize(1);
        assertThat(first.getLong("total")).isEqualTo(3);
        assertThat(second.getLong("total")).isEqualTo(3);
        List<String> both = new ArrayList<>(first.getList("items.subsidyId", String.class));
        both.addAll(second.getList("items.subsidyId", String.class));
        assertThat(both).isEqualTo(all.getList("items.subsidyId", String.class));
        assertWholeCampaignTotals(second);

        JsonPath none = page("?mismatches=false&size=10");
        assertThat(none.getLong("total")).isEqualTo(GRANTS);
        assertThat(none.getBoolean("mismatchesOnly")).isFalse();
    }

    @Test
    void theCsvHasOneLinePerGrantAndOnePerStrayPayment() {
        String csv = given().auth().oauth2(Tokens.regulator())
                .when().get("/api/campaigns/" + campaign.campaignId() + "/reconciliation?format=csv").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo(ReconciliationCsv.HEADER);
        assertThat(lines).hasSize(1 + GRANTS + 1);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= GRANTS; i++) {
            ids.add(lines[i].substring(0, 36));
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids.stream().map(UUID::fromString).collect(java.util.stream.Collectors.toSet())).isEqualTo(allGrants);
        assertThat(lines[GRANTS + 1]).contains("PROVIDER_PAYMENT_FOR_UNKNOWN_GRANT key=" + stray);
        assertThat(List.of(lines).stream().filter(l -> l.startsWith(paidHereOnly + ",")).findFirst().orElseThrow())
                .endsWith(",PAID_NOT_AT_PROVIDER");

        String flagged = given().auth().oauth2(Tokens.regulator())
                .when().get("/api/campaigns/" + campaign.campaignId() + "/reconciliation?format=csv&mismatches=true").then()
                .statusCode(200).extract().asString();
        assertThat(flagged.split("\r\n")).hasSize(1 + 3 + 1);
    }

    @Test
    void badParametersAreNamedAndAnUnknownCampaignIsNotFound() {
        given().auth().oauth2(Tokens.regulator())
                .when().get("/api/campaigns/" + campaign.campaignId() + "/reconciliation?size=0").then().statusCode(400)
                .contentType("application/problem+json").body(containsString("size"));
        given().auth().oauth2(Tokens.regulator())
                .when().get("/api/campaigns/" + campaign.campaignId() + "/reconciliation?page=-1").then().statusCode(400)
                .body(containsString("page"));
        given().auth().oauth2(Tokens.regulator())
                .when().get("/api/campaigns/" + campaign.campaignId() + "/reconciliation?mismatches=yes").then().statusCode(400)
                .body(containsString("mismatches"));
        given().auth().oauth2(Tokens.regulator())
                .when().get("/api/campaigns/" + UUID.randomUUID() + "/reconciliation?format=csv").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.regulator())
                .when().get("/api/campaigns/" + UUID.randomUUID() + "/reconciliation?size=10").then().statusCode(404);
    }
}
