package cn.ebike.subsidy.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** What subsidy reads of a tradein-service dealer. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DealerView(UUID id, String district, Boolean authorizedAgent) {
}
