package cn.ebike.tradein.tradein;

import static cn.ebike.tradein.support.Api.as;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.tradein.support.Api;
import cn.ebike.common.testing.Db;
import cn.ebike.tradein.support.InjectWireMock;
import cn.ebike.tradein.support.RegistrationStub;
import cn.ebike.tradein.support.Tokens;
import cn.ebike.tradein.support.WireMockResource;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(WireMockResource.class)
class TradeInIdempotencyTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    DataSource dataSource;

    @Test
    void theSameKeyAndBodyReplaysTheFirstTradeInWithoutAskingRegistrationAgain() {
        UUID owner = UUID.randomUUID();
        UUID vehicle = new RegistrationStub(wireMock).filedNonStandard(owner);
        String token = Tokens.dealer(Api.activeDealer());
        String key = "open-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("oldVehicleId", vehicle, "ownerId", owner);

        var first = as(token).header("Idempotency-Key", key).body(body).post("/api/trade-ins")
                .then().statusCode(201).extract();
        var replay = as(token).header("Idempotency-Key", key).body(body).post("/api/trade-ins")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract();

        assertThat(replay.body().asString()).isEqualTo(first.body().asString());
        assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
        assertThat(new Db(dataSource).count("SELECT count(*) FROM trade_ins WHERE old_vehicle_id = ?::uuid",
                vehicle.toString())).isEqualTo(1);
        wireMock.verify(1, getRequestedFor(urlEqualTo("/api/vehicles/" + vehicle)));
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictAndCreatesNothing() {
        UUID owner = UUID.randomUUID();
        RegistrationStub registration = new RegistrationStub(wireMock);
        UUID first = registration.filedNonStandard(owner);
        UUID second = registration.filedNonStandard(owner);
        String token = Tokens.dealer(Api.activeDealer());
        String key = "open-" + UUID.randomUUID();
        as(token).header("Idempotency-Key", key).body(Map.of("oldVehicleId", first, "ownerId", owner))
                .post("/api/trade-ins").then().statusCode(201);
        as(token).header("Idempotency-Key", key).body(Map.of("oldVehicleId", second, "ownerId", owner))
                .post("/api/trade-ins").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://ebike.local/problems/idempotency-key-reused"))
                .body("errors[0].field", equalTo("Idempotency-Key"));
        assertThat(new Db(dataSource).count("SELECT count(*) FROM trade_ins WHERE old_vehicle_id = ?::uuid",
                second.toString())).isZero();
    }

    @Test
    void withoutAKeyASecondIdenticalRequestIsJudgedOnItsOwn() {
        UUID owner = UUID.randomUUID();
        UUID vehicle = new RegistrationStub(wireMock).filedNonStandard(owner);
        String token = Tokens.dealer(Api.activeDealer());
        Map<String, Object> body = Map.of("oldVehicleId", vehicle, "ownerId", owner);
        as(token).body(body).post("/api/trade-ins").then().statusCode(201);
        as(token).body(body).post("/api/trade-ins").then().statusCode(409);
    }
}
