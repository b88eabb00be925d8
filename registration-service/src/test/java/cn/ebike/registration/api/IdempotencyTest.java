package cn.ebike.registration.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.TestData;
import cn.ebike.registration.support.Tokens;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.common.idempotency.Idempotency;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyTest {

    @Test
    void replayingAVehicleRegistrationAnswersTheSameAndCreatesNothingNew() {
        String token = Tokens.dealer(UUID.randomUUID());
        Map<String, Object> body = Api.compliantBody(Api.newOwner());
        String key = UUID.randomUUID().toString();
        String first = Api.json(token).header("Idempotency-Key", key).body(body).post("/api/vehicles")
                .then().statusCode(201).extract().asString();
        String location = Api.json(token).header("Idempotency-Key", key).body(body).post("/api/vehicles")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body(equalTo(first))
                .extract().header("Location");
        org.assertj.core.api.Assertions.assertThat(location).contains("/api/vehicles/");
        Api.as(Tokens.regulator()).queryParam("frameNumber", body.get("frameNumber")).get("/api/vehicles")
                .then().body("total", equalTo(1));
    }

    @Test
    void theSameKeyWithAnotherBodyIs409() {
        String token = Tokens.dealer(UUID.randomUUID());
        String owner = Api.newOwner();
        String key = UUID.randomUUID().toString();
        Api.json(token).header("Idempotency-Key", key).body(Api.compliantBody(owner)).post("/api/vehicles")
                .then().statusCode(201);
        Api.json(token).header("Idempotency-Key", key).body(Api.compliantBody(owner)).post("/api/vehicles")
                .then().statusCode(409).contentType(containsString("application/problem+json"))
                .body("detail", containsString("different request"))
                .body("type", containsString("idempotency-key-reused"));
    }

    @Inject
    Idempotency idempotency;

    @Inject
    EntityManager em;

    @Test
    void keysPastTheirRetentionArePurgedAndNoLongerReplay() {
        String token = Tokens.dealer(UUID.randomUUID());
        String owner = Api.newOwner();
        String oldKey = UUID.randomUUID().toString();
        String freshKey = UUID.randomUUID().toString();
        Api.json(token).header("Idempotency-Key", oldKey).body(Api.compliantBody(owner)).post("/api/vehicles")
                .then().statusCode(201);
        Api.json(token).header("Idempotency-Key", freshKey).body(Api.compliantBody(owner)).post("/api/vehicles")
                .then().statusCode(201);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE idem_key = ?1")
                .setParameter(1, oldKey).executeUpdate());

        int purged = idempotency.purgeOlderThan(Instant.now().minus(Duration.ofHours(24)));

        assertThat(purged).isGreaterThanOrEqualTo(1);
        // the old key is forgotten: the same key with another body now creates instead of answering 409
        Api.json(token).header("Idempotency-Key", oldKey).body(Api.compliantBody(owner)).post("/api/vehicles")
                .then().statusCode(201).header("Idempotent-Replayed", nullValue());
        // the fresh one is kept
        Api.json(token).header("Idempotency-Key", freshKey).body(Api.compliantBody(owner)).post("/api/vehicles")
                .then().statusCode(409);
    }

    @Test
    void keysBelongToTheirCaller() {
        String key = UUID.randomUUID().toString();
        String owner = Api.newOwner();
        Api.json(Tokens.dealer(UUID.randomUUID())).header("Idempotency-Key", key).body(Api.compliantBody(owner))
                .post("/api/vehicles").then().statusCode(201);
        Api.json(Tokens.dealer(UUID.randomUUID())).header("Idempotency-Key", key).body(Api.compliantBody(owner))
                .post("/api/vehicles").then().statusCode(201).header("Idempotent-Replayed", nullValue());
    }

    @Test
    void ownerRegistrationReplaysItsFirstStatus() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Api.ownerBody("吴九", TestData.idNumber(), TestData.phone());
        String first = Api.json(Tokens.regulator()).header("Idempotency-Key", key).body(body).post("/api/owners")
                .then().statusCode(201).extract().asString();
        Api.json(Tokens.regulator()).header("Idempotency-Key", key).body(body).post("/api/owners")
                .then().statusCode(201).body(equalTo(first));
        Api.json(Tokens.regulator()).body(body).post("/api/owners").then().statusCode(200);
    }

    @Test
    void plateIssueReplaysThePlate() {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        String key = UUID.randomUUID().toString();
        String first = Api.as(Tokens.regulator()).header("Idempotency-Key", key)
                .post("/api/vehicles/" + vehicle + "/plate").then().statusCode(201).extract().asString();
        Api.as(Tokens.regulator()).header("Idempotency-Key", key).post("/api/vehicles/" + vehicle + "/plate")
                .then().statusCode(201).body(equalTo(first));
        Api.as(Tokens.regulator()).header("Idempotency-Key", key).post("/api/vehicles/" + UUID.randomUUID() + "/plate")
                .then().statusCode(409);
    }

    @Test
    void aFailedRequestLeavesNoKeySoItCanBeRetried() {
        String token = Tokens.dealer(UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Api.compliantBody(UUID.randomUUID().toString());
        Api.json(token).header("Idempotency-Key", key).body(body).post("/api/vehicles").then().statusCode(400);
        Map<String, Object> fixed = Api.compliantBody(Api.newOwner());
        Api.json(token).header("Idempotency-Key", key).body(fixed).post("/api/vehicles").then().statusCode(201);
    }

    @Test
    void anOverlongKeyIs400() {
        Api.json(Tokens.regulator()).header("Idempotency-Key", "k".repeat(201))
                .body(Api.ownerBody("吴九", TestData.idNumber(), TestData.phone())).post("/api/owners")
                .then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
    }
}
