package cn.ebike.subsidy.claim;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code GET /api/subsidies/me}: a subsidy as {@link SubsidyView} shows it, plus the names an owner reads
 * ({@code campaignName}, {@code phaseName}); null for a rejection that never reached a campaign or phase.
 */
public record OwnerSubsidyView(@JsonUnwrapped SubsidyView subsidy, String campaignName, String phaseName) {
}
