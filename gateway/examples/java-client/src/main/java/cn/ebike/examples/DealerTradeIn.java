package cn.ebike.examples;

import cn.ebike.examples.client.ApiClient;
import cn.ebike.examples.client.ApiException;
import cn.ebike.examples.client.api.TradeInsApi;
import cn.ebike.examples.client.api.VehiclesApi;
import cn.ebike.examples.client.model.BatteryType;
import cn.ebike.examples.client.model.NewVehicle;
import cn.ebike.examples.client.model.Open;
import cn.ebike.examples.client.model.Recycling;
import cn.ebike.examples.client.model.RegisterVehicleRequest;
import cn.ebike.examples.client.model.TradeInView;
import cn.ebike.examples.client.model.VehicleCategory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A dealer's shop software in Java, on the client generated from the merged API document: a DEALER
 * token by client credentials, then open → recycle → register and plate the new bike → record it →
 * complete. Run: {@code java … cn.ebike.examples.DealerTradeIn GATEWAY_URL CLIENT_ID CLIENT_SECRET OWNER_ID OLD_VEHICLE_ID}.
 */
public final class DealerTradeIn {

    /** What the software keeps of a completed trade-in. */
    public record Result(UUID tradeInId, String status, UUID newVehicleId, String plateNumber) {
    }

    private final ApiClient client;
    private final String clientId;
    private final String clientSecret;
    private final ObjectMapper json = new ObjectMapper();

    public DealerTradeIn(String gatewayUrl, String clientId, String clientSecret) {
        this.client = new ApiClient();
        this.client.updateBaseUri(gatewayUrl);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** Client credentials (RFC 6749 §4.4, HTTP Basic) at the token URL the document names. */
    String token() throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(client.getBaseUri() + "/api/auth/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + answer.statusCode() + ": " + answer.body());
        }
        return json.readTree(answer.body()).path("access_token").asText();
    }

    public Result run(UUID ownerId, UUID oldVehicleId) throws Exception {
        String bearer = "Bearer " + token();
        client.setRequestInterceptor(request -> request.header("Authorization", bearer));
        TradeInsApi tradeIns = new TradeInsApi(client);
        VehiclesApi vehicles = new VehiclesApi(client);
        String run = UUID.randomUUID().toString();

        UUID tradeIn = UUID.fromString(id(tradeIns.postTradeIns(new Open().oldVehicleId(oldVehicleId).ownerId(ownerId),
                run + "-open")));
        tradeIns.postTradeInsByIdRecycling(tradeIn, new Recycling().recyclingReceiptNo("HS-" + run.substring(0, 8))
                .batteryReturned(true));
        String serial = String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        UUID newBike = UUID.fromString(id(vehicles.postVehicles(new RegisterVehicleRequest()
                .frameNumber("8888226" + serial).motorNumber("DJ" + serial).brand("爱玛").model("A500")
                .category(VehicleCategory.COMPLIANT).batteryType(BatteryType.LITHIUM)
                .cccCertificate(String.format("2026%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L)))
                .ownerId(ownerId), run + "-bike")));
        String plate = field(vehicles.postVehiclesByIdPlate(newBike.toString(), run + "-plate"), "plateNumber");
        tradeIns.postTradeInsByIdNewVehicle(tradeIn, new NewVehicle().newVehicleId(newBike));
        TradeInView done = tradeIns.postTradeInsByIdCompletion(tradeIn);
        return new Result(done.getId(), String.valueOf(done.getStatus()), newBike, plate);
    }

    /** A created object's id: the document types creation answers loosely, so read them as JSON. */
    private String id(Object created) {
        return field(created, "id");
    }

    private String field(Object created, String name) {
        JsonNode node = json.valueToTree(created);
        String value = node.path(name).asText(null);
        if (value == null) {
            throw new IllegalStateException("no " + name + " in " + node);
        }
        return value;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: DealerTradeIn GATEWAY_URL CLIENT_ID CLIENT_SECRET OWNER_ID OLD_VEHICLE_ID");
            System.exit(2);
        }
        try {
            Result r = new DealerTradeIn(args[0], args[1], args[2]).run(UUID.fromString(args[3]), UUID.fromString(args[4]));
            System.out.println(new ObjectMapper().writeValueAsString(Map.of("tradeInId", r.tradeInId().toString(),
                    "status", r.status(), "newVehicleId", r.newVehicleId().toString(), "plateNumber", r.plateNumber())));
        } catch (ApiException e) {
            System.err.println("the gateway answered " + e.getCode() + ": " + e.getResponseBody());
            System.exit(1);
        }
    }
}
