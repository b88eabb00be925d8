package cn.ebike.subsidy.client;

import java.util.List;
import java.util.UUID;

/** Body of the sources' internal bulk reads ({@code POST /api/trade-ins/lookup}, {@code POST /api/vehicles/lookup}). */
public record LookupRequest(List<UUID> ids) {
}
