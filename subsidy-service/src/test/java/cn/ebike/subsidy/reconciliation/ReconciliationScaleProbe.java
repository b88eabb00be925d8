package cn.ebike.subsidy.reconciliation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.subsidy.testsupport.Fixtures;
import cn.ebike.subsidy.testsupport.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (surefire's default includes leave a {@code *Probe} out; run it by name): one campaign of
 * 100,000 grants, half PAID with their 50,000 payments at the sandbox provider; the time of JSON pages (first, last,
 * mismatches only) and of the streamed CSV (read as a stream, its lines counted). Run with a small heap to see that
 * the report is never held whole:
 * {@code ./mvnw -B -ntp verify -pl subsidy-service -am -Dtest='cn.ebike.subsidy.reconciliation.ReconciliationScaleProbe'
 * -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx256m}. Numbers: subsidy-service/README.md.
 */
@QuarkusTest
class ReconciliationScaleProbe {

    @Inject
    EntityManager em;

    @Test
    void measure() {
        var c = Fixtures.threePhases(Fixtures.district(), 40000, 40000, 20000);
        long t0 = System.nanoTime();
        QuarkusTransaction.requiringNew().run(() -> {
            int[] counts = {40000, 40000, 20000};
            for (int i = 0; i < 3; i++) {
                em.createNativeQuery("""
                        insert into subsidy (id, trade_in_id, owner_id, old_vehicle_id, campaign_id, phase_id, status,
                                             amount_fen, rank, phase_quota, decided_at, granted_at, paid_at, updated_at)
                        select gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), :c, :p,
                               case when g % 2 = 0 then 'PAID' else 'GRANTED' end, 30000, g, :q, now(), now(),
                               case when g % 2 = 0 then now() end, now()
                        from generate_series(1, :q) g
                        """).setParameter("c", c.campaignId()).setParameter("p", c.phaseIds().get(i))
                        .setParameter("q", counts[i]).executeUpdate();
            }
            em.createNativeQuery("""
                    insert into sandbox_payment (payment_id, idempotency_key, wallet_masked, amount_fen, reference, created_at)
                    select gen_random_uuid(), cast(id as varchar), '0021****0000', amount_fen, cast(campaign_id as varchar), now()
                    from subsidy where campaign_id = :c and status = 'PAID'
                    """).setParameter("c", c.campaignId()).executeUpdate();
        });
        System.out.printf("PROBE loaded 100000 grants in %d ms; max heap %d MB%n", (System.nanoTime() - t0) / 1_000_000,
                Runtime.getRuntime().maxMemory() / 1024 / 1024);
        String url = "/api/campaigns/" + c.campaignId() + "/reconciliation";
        for (String q : new String[] {"?size=50", "?size=50", "?page=1999&size=50", "?size=200&mismatches=true", "?size=50"}) {
            long s = System.nanoTime();
            String body = given().auth().oauth2(Tokens.regulator()).when().get(url + q).then().statusCode(200).extract().asString();
            System.out.printf("PROBE GET %s: %d ms, %d bytes%n", q, (System.nanoTime() - s) / 1_000_000, body.length());
        }
        for (int i = 0; i < 2; i++) {
            long s = System.nanoTime();
            long lines = 0;
            long bytes = 0;
            try (java.io.InputStream in = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + url + "?format=csv"))
                    .header("Authorization", "Bearer " + Tokens.regulator()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream()).body()) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    bytes += n;
                    for (int k = 0; k < n; k++) {
                        if (buf[k] == '\n') {
                            lines++;
                        }
                    }
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.out.printf("PROBE CSV: %d ms, %d bytes, %d lines%n", (System.nanoTime() - s) / 1_000_000, bytes, lines);
            assertThat(lines).isEqualTo(100001);
        }
    }
}
