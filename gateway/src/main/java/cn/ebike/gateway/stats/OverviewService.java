package cn.ebike.gateway.stats;

import cn.ebike.gateway.config.GatewayConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The regulators' overview: asks the three services at once, each bounded by a timeout, and builds
 * one document. A service that fails or is late is listed in {@code unavailable}; its sections are
 * null and the rest still comes back. The shape is documented in the README.
 */
@ApplicationScoped
public class OverviewService {

    private static final Logger LOG = Logger.getLogger(OverviewService.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int PAGE_SIZE = 200;
    private static final int MAX_PAGES = 10;

    private final StatsApis.Registration registration;
    private final StatsApis.Tradein tradein;
    private final StatsApis.Subsidy subsidy;
    private final Duration timeout;

    public OverviewService(@RestClient StatsApis.Registration registration, @RestClient StatsApis.Tradein tradein,
            @RestClient StatsApis.Subsidy subsidy, GatewayConfig config) {
        this.registration = registration;
        this.tradein = tradein;
        this.subsidy = subsidy;
        this.timeout = config.stats().timeout();
    }

    /** Campaigns with their stats; the flag says whether every subsidy call answered. */
    private record Campaigns(ArrayNode items, boolean complete) {
    }

    public Uni<ObjectNode> overview(String bearer) {
        Uni<Optional<JsonNode>> vehicles = bounded("registration-service", registration.vehicleStats(bearer));
        Uni<Optional<JsonNode>> tradeIns = bounded("tradein-service", tradein.tradeInStats(bearer));
        Uni<Optional<Campaigns>> campaigns = bounded("subsidy-service", campaigns(bearer));
        return Uni.combine().all().unis(vehicles, tradeIns, campaigns)
                .with((v, t, c) -> compose(v, t, c));
    }

    static ObjectNode compose(Optional<JsonNode> vehicles, Optional<JsonNode> tradeIns, Optional<Campaigns> campaigns) {
        ObjectNode out = F.objectNode();
        ArrayNode unavailable = F.arrayNode();
        if (tradeIns.isPresent()) {
            JsonNode t = tradeIns.get();
            ObjectNode dealers = out.putObject("dealers");
            dealers.set("total", t.get("dealers"));
            dealers.set("commitmentSigned", t.get("commitmentSigned"));
            dealers.set("tradeInEnabled", t.get("tradeInEnabled"));
            dealers.set("activationRate", t.get("activationRate"));
            dealers.set("authorizedAgents", t.get("authorizedAgents"));
        } else {
            out.putNull("dealers");
        }
        if (vehicles.isPresent()) {
            out.set("vehicles", vehicles.get());
        } else {
            out.putNull("vehicles");
        }
        if (tradeIns.isPresent()) {
            JsonNode t = tradeIns.get();
            ObjectNode ti = out.putObject("tradeIns");
            ti.set("open", t.get("tradeInsOpen"));
            ti.set("completed", t.get("tradeInsCompleted"));
            ti.set("cancelled", t.get("tradeInsCancelled"));
        } else {
            out.putNull("tradeIns");
        }
        if (campaigns.isPresent()) {
            out.set("campaigns", campaigns.get().items());
        } else {
            out.putNull("campaigns");
        }
        if (vehicles.isPresent()) {
            out.put("completionRate", completionRate(vehicles.get()));
        } else {
            out.putNull("completionRate");
        }
        if (vehicles.isEmpty()) {
            unavailable.add("registration-service");
        }
        if (tradeIns.isEmpty()) {
            unavailable.add("tradein-service");
        }
        if (campaigns.isEmpty() || !campaigns.get().complete()) {
            unavailable.add("subsidy-service");
        }
        out.set("unavailable", unavailable);
        return out;
    }

    /** filedNonStandardScrapped ÷ filedNonStandard, 4 decimals, 0 when nothing is filed. */
    static BigDecimal completionRate(JsonNode vehicles) {
        long filed = vehicles.path("filedNonStandard").asLong(0);
        long scrapped = vehicles.path("filedNonStandardScrapped").asLong(0);
        if (filed <= 0) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(scrapped).divide(BigDecimal.valueOf(filed), 4, RoundingMode.HALF_UP);
    }

    private Uni<Campaigns> campaigns(String bearer) {
        return campaignPages(bearer, 0, F.arrayNode()).onItem().transformToUni(list -> {
            if (list.isEmpty()) {
                return Uni.createFrom().item(new Campaigns(F.arrayNode(), true));
            }
            List<Uni<Optional<JsonNode>>> stats = new ArrayList<>();
            for (JsonNode campaign : list) {
                stats.add(subsidy.campaignStats(bearer, campaign.path("id").asText())
                        .map(Optional::of)
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("campaign %s stats failed: %s", campaign.path("id").asText(), e.toString());
                            return Optional.empty();
                        }));
            }
            return Uni.join().all(stats).andFailFast().map(results -> {
                ArrayNode items = F.arrayNode();
                boolean complete = true;
                for (int i = 0; i < list.size(); i++) {
                    JsonNode campaign = list.get(i);
                    ObjectNode item = items.addObject();
                    item.set("id", campaign.get("id"));
                    item.set("name", campaign.get("name"));
                    item.set("district", campaign.get("district"));
                    item.set("filedBefore", campaign.get("filedBefore"));
                    Optional<JsonNode> s = results.get(i);
                    if (s.isPresent()) {
                        item.set("phases", s.get().get("phases"));
                        item.set("rejected", s.get().get("rejected"));
                    } else {
                        complete = false;
                        item.putNull("phases");
                        item.putNull("rejected");
                    }
                }
                return new Campaigns(items, complete);
            });
        });
    }

    private Uni<ArrayNode> campaignPages(String bearer, int page, ArrayNode acc) {
        return subsidy.campaigns(bearer, page, PAGE_SIZE).onItem().transformToUni(body -> {
            JsonNode items = body.has("items") ? body.get("items") : body;
            if (items.isArray()) {
                items.forEach(acc::add);
            }
            long total = body.path("total").asLong(acc.size());
            if (items.isArray() && items.size() == PAGE_SIZE && acc.size() < total && page + 1 < MAX_PAGES) {
                return campaignPages(bearer, page + 1, acc);
            }
            return Uni.createFrom().item(acc);
        });
    }

    private <T> Uni<Optional<T>> bounded(String service, Uni<T> call) {
        return call.ifNoItem().after(timeout).fail()
                .map(Optional::of)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("overview: %s did not answer: %s", service, e.toString());
                    return Optional.empty();
                });
    }
}
