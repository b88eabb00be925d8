package cn.ebike.tradein.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for subsidy-service's {@code POST /api/subsidies/claims/batch}: answers 200 with one item per
 * trade-in id of the request, in order — 201 unless a test has set another answer for that trade-in with
 * {@link #answer(UUID, int, String)} (e.g. 404 "unknown trade-in" or 503 inside a 200, as the real service
 * does). Used by stubs that name it with {@code withTransformers(SubsidyBatchStub.NAME)}.
 */
public class SubsidyBatchStub implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "subsidy-claim-batch";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<UUID, Map.Entry<Integer, String>> ANSWERS = new ConcurrentHashMap<>();

    /** From now on, the item for this trade-in answers {@code status} with {@code detail}. */
    public static void answer(UUID tradeInId, int status, String detail) {
        ANSWERS.put(tradeInId, Map.entry(status, detail));
    }

    /** Back to 201 for this trade-in. */
    public static void reset(UUID tradeInId) {
        ANSWERS.remove(tradeInId);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        List<Map<String, Object>> items = new ArrayList<>();
        try {
            for (JsonNode id : JSON.readTree(event.getRequest().getBodyAsString()).get("tradeInIds")) {
                UUID tradeIn = UUID.fromString(id.asText());
                Map.Entry<Integer, String> a = ANSWERS.getOrDefault(tradeIn, Map.entry(201, ""));
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("tradeInId", tradeIn.toString());
                item.put("status", a.getKey());
                if (a.getKey() == 200 || a.getKey() == 201) {
                    item.put("subsidy", Map.of("tradeInId", tradeIn.toString(), "status", "GRANTED"));
                } else {
                    item.put("detail", a.getValue());
                }
                items.add(item);
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(Map.of("items", items))).build();
        } catch (Exception e) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(400)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"status\":400,\"detail\":\"bad batch body: " + e.getMessage() + "\"}").build();
        }
    }

    /**
     * The status subsidy answered for this trade-in in a served batch request, if the request carried it and
     * got a 200 (a fault or another status for the whole request: empty).
     */
    public static Optional<Integer> itemStatus(ServeEvent event, UUID tradeInId) {
        if (event.getResponseDefinition().getFault() != null || event.getResponse().getStatus() != 200) {
            return Optional.empty();
        }
        try {
            for (JsonNode item : JSON.readTree(event.getResponse().getBodyAsString()).get("items")) {
                if (tradeInId.toString().equals(item.get("tradeInId").asText())) {
                    return Optional.of(item.get("status").asInt());
                }
            }
        } catch (Exception e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
