package cn.ebike.tradein.dealer;

import static cn.ebike.tradein.support.Api.as;
import static cn.ebike.tradein.support.Api.dealerBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import cn.ebike.tradein.support.Api;
import cn.ebike.common.testing.Db;
import cn.ebike.tradein.support.TestUscc;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(WireMockResource.class)
class DealerResourceTest {

    @Inject
    DataSource dataSource;

    @Test
    void regulatorCreatesADealerWithTheContactPhoneMasked() {
        String uscc = TestUscc.random();
        Instant before = Instant.now();
        String id = as(Tokens.regulator()).body(dealerBody(uscc))
                .post("/api/dealers")
                .then().statusCode(201)
                .header("Location", containsString("/api/dealers/"))
                .body("uscc", equalTo(uscc))
                .body("name", equalTo("绿源电动车城东店"))
                .body("district", equalTo("上城区"))
                .body("contactPhone", equalTo("138****5678"))
                .body("commitmentSignedAt", nullValue())
                .body("tradeInEnabled", equalTo(false))
                .body("authorizedAgent", equalTo(false))
                .extract().path("id");
        as(Tokens.regulator()).get("/api/dealers/" + id).then().statusCode(200)
                .body("contactPhone", equalTo("138****5678"))
                .body("createdAt", notNullValue());
        assertThat(Instant.parse(as(Tokens.regulator()).get("/api/dealers/" + id).then().extract()
                .<String>path("createdAt"))).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(new Db(dataSource).count("SELECT count(*) FROM audit_entries WHERE object_id = ?::uuid"
                + " AND action = 'DEALER_CREATED'", id)).isEqualTo(1);
    }

    @Inject
    ContactPhoneCrypto contactPhones;

    @Inject
    ContactPhoneSealer sealer;

    @Test
    void theContactPhoneIsStoredEncryptedNeverInClear() {
        String id = as(Tokens.regulator()).body(dealerBody(TestUscc.random()))
                .post("/api/dealers").then().statusCode(201).extract().path("id");
        Db db = new Db(dataSource);
        assertThat(db.text("SELECT contact_phone FROM dealers WHERE id = ?::uuid", id)).isNull();
        assertThat(db.text("SELECT contact_phone_masked FROM dealers WHERE id = ?::uuid", id)).isEqualTo("138****5678");
        String sealed = db.text("SELECT contact_phone_enc FROM dealers WHERE id = ?::uuid", id);
        assertThat(sealed).startsWith("v2.").doesNotContain("13812345678").doesNotContain("12345678");
        // whoever holds DEALER_CONTACT_ENCRYPTION_KEY can recover it, for this dealer only
        assertThat(contactPhones.open(UUID.fromString(id), sealed)).isEqualTo("13812345678");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> contactPhones.open(UUID.randomUUID(), sealed))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(db.count("SELECT count(*) FROM dealers WHERE contact_phone IS NOT NULL")).isZero();
    }

    @Test
    void aContactPhoneSealedInTheFirstFormatIsReSealedOnceAndStillOpens() {
        String id = as(Tokens.regulator()).body(dealerBody(TestUscc.random()))
                .post("/api/dealers").then().statusCode(201).extract().path("id");
        Db db = new Db(dataSource);
        String old = LegacyContactPhoneFormat.seal(java.util.Base64.getDecoder().decode(contactKey),
                UUID.fromString(id), "13812345678");
        db.update("UPDATE dealers SET contact_phone_enc = ? WHERE id = ?::uuid", old, id);
        assertThat(contactPhones.open(UUID.fromString(id), old)).isEqualTo("13812345678");

        assertThat(sealer.reseal()).isGreaterThanOrEqualTo(1);

        String now = db.text("SELECT contact_phone_enc FROM dealers WHERE id = ?::uuid", id);
        assertThat(now).startsWith("v2.");
        assertThat(contactPhones.open(UUID.fromString(id), now)).isEqualTo("13812345678");
        assertThat(sealer.reseal()).isZero();
    }

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "tradein.dealer-contact.encryption-key")
    String contactKey;

    @Test
    void aContactPhoneWrittenInClearBeforeEncryptionIsSealedAtStartAndStillShownMasked() {
        // a row as V1 wrote it and V2 migrated it: the number in clear, its masked form, nothing sealed
        UUID id = UUID.randomUUID();
        Db db = new Db(dataSource);
        db.update("INSERT INTO dealers (id, name, uscc, address, district, contact_phone, contact_phone_masked,"
                + " created_at) VALUES (?::uuid, '老店', ?, '路 1 号', '上城区', '13987654321', '139****4321', now())",
                id.toString(), TestUscc.random());
        assertThat(sealer.sealClearNumbers()).isGreaterThanOrEqualTo(1);
        assertThat(db.text("SELECT contact_phone FROM dealers WHERE id = ?::uuid", id.toString())).isNull();
        assertThat(contactPhones.open(id, db.text("SELECT contact_phone_enc FROM dealers WHERE id = ?::uuid",
                id.toString()))).isEqualTo("13987654321");
        assertThat(sealer.sealClearNumbers()).as("nothing left to seal").isZero();
        as(Tokens.regulator()).get("/api/dealers/" + id).then().statusCode(200)
                .body("contactPhone", equalTo("139****4321"));
        // and the database refuses a row that would lose the number
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.update("UPDATE dealers SET contact_phone_enc = NULL"
                + " WHERE id = ?::uuid", id.toString())).hasMessageContaining("dealers_phone_kept");
    }

    @Test
    void aBadUsccIsA400NamingUscc() {
        String valid = TestUscc.random();
        char wrongCheck = valid.charAt(17) == '0' ? '1' : '0';
        for (String bad : List.of(valid.substring(0, 17) + wrongCheck, "ABC", valid.substring(0, 16) + "I" + valid.charAt(17),
                valid.toLowerCase())) {
            as(Tokens.regulator()).body(dealerBody(bad))
                    .post("/api/dealers")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://ebike.local/problems/invalid-input"))
                    .body("status", equalTo(400))
                    .body("errors.field", hasItem("uscc"));
        }
    }

    @Test
    void everyBadFieldIsListed() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "");
        body.put("uscc", "123");
        body.put("address", "somewhere");
        body.put("contactPhone", "12345");
        as(Tokens.regulator()).body(body)
                .post("/api/dealers")
                .then().statusCode(400)
                .body("errors.field", hasItems("name", "uscc", "district", "contactPhone"))
                .body("errors", hasSize(4));
    }

    @Test
    void malformedJsonAndWrongTypesAre400NotServerErrors() {
        as(Tokens.regulator()).body("{\"name\": ").post("/api/dealers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));
        as(Tokens.regulator()).body("{\"name\":\"x\",\"uscc\":{\"a\":1}}").post("/api/dealers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("uscc"));
        as(Tokens.regulator()).post("/api/dealers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));
        UUID dealer = Api.newDealer();
        as(Tokens.regulator()).body("{\"authorized\":\"perhaps\"}").post("/api/dealers/" + dealer + "/authorization")
                .then().statusCode(400).body("errors[0].field", equalTo("authorized"));
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        String huge = "{\"name\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        as(Tokens.regulator()).body(huge).post("/api/dealers")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
    }

    @Test
    void aDuplicateUsccIsAConflict() {
        String uscc = TestUscc.random();
        as(Tokens.regulator()).body(dealerBody(uscc)).post("/api/dealers").then().statusCode(201);
        as(Tokens.regulator()).body(dealerBody(uscc)).post("/api/dealers")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("uscc"));
        assertThat(new Db(dataSource).count("SELECT count(*) FROM dealers WHERE uscc = ?", uscc)).isEqualTo(1);
    }

    @Test
    void onlyRegulatorsCreateDealers() {
        UUID dealer = Api.newDealer();
        for (String token : List.of(Tokens.dealer(dealer), Tokens.owner(UUID.randomUUID()), Tokens.admin(),
                Tokens.service())) {
            as(token).body(dealerBody(TestUscc.random())).post("/api/dealers")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("https://ebike.local/problems/forbidden"));
        }
    }

    @Test
    void missingOrInvalidTokensAre401() {
        given().contentType(ContentType.JSON).body(dealerBody(TestUscc.random())).post("/api/dealers")
                .then().statusCode(401).contentType("application/problem+json");
        given().get("/api/dealers").then().statusCode(401).contentType("application/problem+json");
        for (String token : List.of(Tokens.expired(), Tokens.wrongIssuer(), Tokens.wrongAudience(),
                Tokens.signedWithAnotherKey(), Tokens.algNone(), "not-a-jwt")) {
            as(token).get("/api/dealers").then().statusCode(401).contentType("application/problem+json")
                    .body("status", equalTo(401));
        }
    }

    @Test
    void dealerStaffSignTheirOwnCommitmentWithServerTime() {
        UUID dealer = Api.newDealer();
        Instant before = Instant.now().minusSeconds(1);
        String signedAt = as(Tokens.dealer(dealer)).post("/api/dealers/" + dealer + "/commitment")
                .then().statusCode(200).body("commitmentSignedAt", notNullValue())
                .extract().path("commitmentSignedAt");
        assertThat(Instant.parse(signedAt)).isBetween(before, Instant.now().plusSeconds(1));
        // signing again keeps the first signature
        as(Tokens.dealer(dealer)).post("/api/dealers/" + dealer + "/commitment")
                .then().statusCode(200).body("commitmentSignedAt", equalTo(signedAt));
        assertThat(new Db(dataSource).count("SELECT count(*) FROM audit_entries WHERE object_id = ?::uuid"
                + " AND action = 'COMMITMENT_SIGNED' AND from_status = 'UNSIGNED' AND to_status = 'SIGNED'",
                dealer.toString())).isEqualTo(1);
    }

    @Test
    void enablingTradeInBeforeTheCommitmentIsAConflict() {
        UUID dealer = Api.newDealer();
        as(Tokens.dealer(dealer)).post("/api/dealers/" + dealer + "/trade-in-enabled")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://ebike.local/problems/commitment-not-signed"));
        as(Tokens.regulator()).get("/api/dealers/" + dealer).then().body("tradeInEnabled", equalTo(false));
    }

    @Test
    void dealerEnablesAndDisablesTradeInAfterSigning() {
        UUID dealer = Api.newDealer();
        as(Tokens.dealer(dealer)).post("/api/dealers/" + dealer + "/commitment").then().statusCode(200);
        as(Tokens.dealer(dealer)).post("/api/dealers/" + dealer + "/trade-in-enabled")
                .then().statusCode(200).body("tradeInEnabled", equalTo(true));
        as(Tokens.dealer(dealer)).delete("/api/dealers/" + dealer + "/trade-in-enabled")
                .then().statusCode(200).body("tradeInEnabled", equalTo(false));
        as(Tokens.dealer(dealer)).get("/api/dealers/" + dealer + "/history")
                .then().statusCode(200)
                .body("action", equalTo(List.of("DEALER_CREATED", "COMMITMENT_SIGNED", "TRADE_IN_ENABLED",
                        "TRADE_IN_DISABLED")))
                .body("[3].fromStatus", equalTo("ENABLED"))
                .body("[3].toStatus", equalTo("DISABLED"))
                .body("[3].actor", equalTo("staff-" + dealer));
    }

    @Test
    void authorisingBeforeTheCommitmentIsAConflict() {
        UUID dealer = Api.newDealer();
        as(Tokens.regulator()).body(Map.of("authorized", true)).post("/api/dealers/" + dealer + "/authorization")
                .then().statusCode(409).body("type", equalTo("https://ebike.local/problems/commitment-not-signed"));
        as(Tokens.regulator()).get("/api/dealers/" + dealer).then().body("authorizedAgent", equalTo(false));
    }

    @Test
    void regulatorAuthorisesAndWithdrawsAnAgentPoint() {
        UUID dealer = Api.newDealer();
        as(Tokens.dealer(dealer)).post("/api/dealers/" + dealer + "/commitment").then().statusCode(200);
        as(Tokens.regulator()).body(Map.of("authorized", true)).post("/api/dealers/" + dealer + "/authorization")
                .then().statusCode(200).body("authorizedAgent", equalTo(true));
        as(Tokens.regulator()).body(Map.of("authorized", false)).post("/api/dealers/" + dealer + "/authorization")
                .then().statusCode(200).body("authorizedAgent", equalTo(false));
        as(Tokens.regulator()).get("/api/dealers/" + dealer + "/history").then().statusCode(200)
                .body("action", hasItems("AGENT_AUTHORIZED", "AGENT_DEAUTHORIZED"));
    }

    @Test
    void dealersCannotAuthoriseThemselves() {
        UUID dealer = Api.newDealer();
        as(Tokens.dealer(dealer)).body(Map.of("authorized", true)).post("/api/dealers/" + dealer + "/authorization")
                .then().statusCode(403);
    }

    @Test
    void aDealerCannotSeeOrChangeAnotherDealer() {
        UUID mine = Api.newDealer();
        UUID theirs = Api.newDealer();
        String token = Tokens.dealer(mine);
        as(token).get("/api/dealers/" + theirs).then().statusCode(404).contentType("application/problem+json");
        as(token).get("/api/dealers/" + theirs + "/history").then().statusCode(404);
        as(token).post("/api/dealers/" + theirs + "/commitment").then().statusCode(404);
        as(token).post("/api/dealers/" + theirs + "/trade-in-enabled").then().statusCode(404);
        as(token).delete("/api/dealers/" + theirs + "/trade-in-enabled").then().statusCode(404);
        as(Tokens.regulator()).get("/api/dealers/" + theirs).then().body("commitmentSignedAt", nullValue());
        as(token).get("/api/dealers/" + mine).then().statusCode(200);
    }

    @Test
    void ownersAndAdminsCannotReadDealersButServicesCanReadOne() {
        UUID dealer = Api.newDealer();
        as(Tokens.owner(UUID.randomUUID())).get("/api/dealers/" + dealer).then().statusCode(403);
        as(Tokens.admin()).get("/api/dealers").then().statusCode(403);
        as(Tokens.service()).get("/api/dealers/" + dealer).then().statusCode(200)
                .body("district", equalTo("上城区")).body("authorizedAgent", equalTo(false));
        as(Tokens.service()).get("/api/dealers").then().statusCode(403);
    }

    @Test
    void unknownAndMalformedIdsAre404() {
        as(Tokens.regulator()).get("/api/dealers/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        as(Tokens.regulator()).get("/api/dealers/not-a-uuid").then().statusCode(404);
        as(Tokens.regulator()).body(Map.of("authorized", true))
                .post("/api/dealers/" + UUID.randomUUID() + "/authorization").then().statusCode(404);
    }

    @Test
    void regulatorsPageThroughAllDealersNewestFirst() {
        String district = "测试区-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> body = new HashMap<>(dealerBody(TestUscc.random()));
            body.put("district", district);
            as(Tokens.regulator()).body(body).post("/api/dealers").then().statusCode(201);
        }
        as(Tokens.regulator()).queryParam("district", district).queryParam("size", 2)
                .get("/api/dealers").then().statusCode(200)
                .body("items", hasSize(2)).body("page", equalTo(0)).body("size", equalTo(2))
                .body("total", equalTo(3))
                .body("items.contactPhone", everyItem(equalTo("138****5678")));
        as(Tokens.regulator()).queryParam("district", district).queryParam("size", 2).queryParam("page", 1)
                .get("/api/dealers").then().statusCode(200).body("items", hasSize(1));
        as(Tokens.regulator()).get("/api/dealers").then().statusCode(200).body("size", equalTo(50));
    }

    @Test
    void aDealersListHoldsOnlyItself() {
        UUID dealer = Api.newDealer();
        Api.newDealer();
        as(Tokens.dealer(dealer)).get("/api/dealers").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(dealer.toString()));
    }

    @Test
    void badPagingIsA400NamingTheParameter() {
        as(Tokens.regulator()).queryParam("page", -1).get("/api/dealers")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
        as(Tokens.regulator()).queryParam("size", 0).get("/api/dealers")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
        as(Tokens.regulator()).queryParam("size", 201).get("/api/dealers")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
        as(Tokens.regulator()).queryParam("size", "ten").get("/api/dealers")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
    }

    @Test
    void aDealerTokenWithoutDealerIdIsRefused() {
        as(Tokens.dealerWithoutDealerId()).get("/api/dealers").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void sameIdempotencyKeyAndBodyReplaysTheFirstAnswer() {
        String key = "create-dealer-" + UUID.randomUUID();
        String regulator = Tokens.regulator("regulator-idem-" + UUID.randomUUID());
        Map<String, Object> body = dealerBody(TestUscc.random());
        var first = as(regulator).header("Idempotency-Key", key).body(body).post("/api/dealers")
                .then().statusCode(201).extract();
        var second = as(regulator).header("Idempotency-Key", key).body(body).post("/api/dealers")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract();
        assertThat(second.body().asString()).isEqualTo(first.body().asString());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(new Db(dataSource).count("SELECT count(*) FROM dealers WHERE uscc = ?", body.get("uscc")))
                .isEqualTo(1);
    }

    @Test
    void sameIdempotencyKeyWithAnotherBodyIsAConflict() {
        String key = "create-dealer-" + UUID.randomUUID();
        String regulator = Tokens.regulator("regulator-idem-" + UUID.randomUUID());
        as(regulator).header("Idempotency-Key", key).body(dealerBody(TestUscc.random())).post("/api/dealers")
                .then().statusCode(201);
        String otherUscc = TestUscc.random();
        as(regulator).header("Idempotency-Key", key).body(dealerBody(otherUscc)).post("/api/dealers")
                .then().statusCode(409)
                .body("type", equalTo("https://ebike.local/problems/idempotency-key-reused"));
        assertThat(new Db(dataSource).count("SELECT count(*) FROM dealers WHERE uscc = ?", otherUscc)).isZero();
    }

    @Test
    void idempotencyKeysBelongToTheirCaller() {
        String key = "shared-key-" + UUID.randomUUID();
        as(Tokens.regulator("regulator-a-" + key)).header("Idempotency-Key", key)
                .body(dealerBody(TestUscc.random())).post("/api/dealers").then().statusCode(201);
        as(Tokens.regulator("regulator-b-" + key)).header("Idempotency-Key", key)
                .body(dealerBody(TestUscc.random())).post("/api/dealers").then().statusCode(201)
                .header("Idempotent-Replayed", nullValue());
    }

    @Test
    void anOverlongIdempotencyKeyIsA400() {
        as(Tokens.regulator()).header("Idempotency-Key", "k".repeat(201)).body(dealerBody(TestUscc.random()))
                .post("/api/dealers").then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void problemsNeverCarryAStackTrace() {
        as(Tokens.regulator()).body("[1,2,3]").post("/api/dealers")
                .then().statusCode(400).body(org.hamcrest.Matchers.not(containsString("at cn.ebike")))
                .body("type", startsWith("https://ebike.local/problems/"));
    }

    @Test
    void unknownPathsWrongMethodsAndMediaTypesAreProblems() {
        as(Tokens.regulator()).get("/api/nothing-here").then().statusCode(404)
                .contentType("application/problem+json");
        as(Tokens.regulator()).put("/api/dealers").then().statusCode(405)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.regulator()).contentType("text/plain").body("hello")
                .post("/api/dealers").then().statusCode(415).contentType("application/problem+json");
    }
}
