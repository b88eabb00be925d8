package cn.ebike.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.systemtests.harness.Api;
import cn.ebike.systemtests.harness.Api.Dealer;
import cn.ebike.systemtests.harness.Api.Owner;
import cn.ebike.systemtests.harness.Suite;
import cn.ebike.systemtests.harness.SuiteExtension;
import cn.ebike.systemtests.harness.Summary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dealer-side example in {@code gateway/examples/}, run against the real suite: a dealer's API
 * client (made by the admin) opens, recycles, registers and plates the new bike, and completes a
 * trade-in, knowing only the merged API document.
 */
@Order(9)
@ExtendWith(SuiteExtension.class)
class DealerExamplesTest {

    @Test
    void theShellExampleCompletesATradeInWithClientCredentialsAndTheDocumentAlone(Api api, Suite suite) throws Exception {
        Dealer dealer = api.dealer("拱墅区", true);
        Owner owner = api.owner(dealer);
        String oldBike = api.filedBike(owner);
        JsonPath client = api.as(api.admin()).body(Map.of("dealerId", dealer.id(), "name", "拱墅区门店系统（示例）"))
                .post("/api/auth/clients").then().statusCode(201).extract().jsonPath();

        Path root = Path.of(System.getProperty("suite.root", "..")).toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("gateway/examples/dealer-trade-in.sh").toString());
        pb.environment().putAll(Map.of("GATEWAY_URL", suite.gatewayUrl(), "CLIENT_ID", client.getString("clientId"),
                "CLIENT_SECRET", client.getString("clientSecret"), "OWNER_ID", owner.id(), "OLD_VEHICLE_ID", oldBike));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the example finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as("exit status; stderr: " + err).isZero();

        JsonNode result = new ObjectMapper().readTree(out);
        assertThat(result.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(result.path("plateNumber").asText()).isNotBlank();
        // as the regulator sees it: this dealer's, completed, the old bike scrapped, the new one recorded
        JsonPath t = api.tradeIn(result.path("tradeInId").asText());
        assertThat(t.getString("dealerId")).isEqualTo(dealer.id());
        assertThat(t.getString("status")).isEqualTo("COMPLETED");
        assertThat(t.getString("newVehicleId")).isEqualTo(result.path("newVehicleId").asText());
        assertThat(api.as(api.regulator()).get("/api/vehicles/" + oldBike).then().statusCode(200)
                .extract().<String>path("status")).isEqualTo("SCRAPPED");
        // the client's last use is on record, its secret never shown again
        String seen = api.as(api.regulator()).get("/api/auth/clients/" + client.getString("clientId"))
                .then().statusCode(200).extract().asString();
        assertThat(seen).contains("lastUsedAt").doesNotContain(client.getString("clientSecret"));
        Summary.line("shell example: trade-in %s completed by API client %s, new plate %s", t.getString("id"),
                client.getString("clientId"), result.path("plateNumber").asText());
    }

    @Test
    void theGeneratedJavaClientCompletesATradeIn(Api api, Suite suite) throws Exception {
        Dealer dealer = api.dealer("上城区", true);
        Owner owner = api.owner(dealer);
        String oldBike = api.filedBike(owner);
        JsonPath client = api.as(api.regulator()).body(Map.of("dealerId", dealer.id(), "name", "上城区门店 Java 客户端"))
                .post("/api/auth/clients").then().statusCode(201).extract().jsonPath();

        cn.ebike.examples.DealerTradeIn.Result r = new cn.ebike.examples.DealerTradeIn(suite.gatewayUrl(),
                client.getString("clientId"), client.getString("clientSecret"))
                .run(java.util.UUID.fromString(owner.id()), java.util.UUID.fromString(oldBike));

        assertThat(r.status()).isEqualTo("COMPLETED");
        JsonPath t = api.tradeIn(r.tradeInId().toString());
        assertThat(t.getString("dealerId")).isEqualTo(dealer.id());
        assertThat(t.getString("newVehicleId")).isEqualTo(r.newVehicleId().toString());
        assertThat(r.plateNumber()).isNotBlank();
        Summary.line("generated Java client: trade-in %s completed, new plate %s", r.tradeInId(), r.plateNumber());
    }

}
