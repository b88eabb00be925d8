package cn.ebike.subsidy.config;

import cn.ebike.subsidy.claim.ClaimOutcome;

/**
 * Test-only: a config class that depends on claim, closing a config → claim → config cycle, so
 * {@code SubsidyArchitectureTest} can show its cycle rule fails on one. Never on the main classpath.
 */
final class ConfigToClaimProbe {

    static final ClaimOutcome SOME = ClaimOutcome.DECIDED;

    private ConfigToClaimProbe() {
    }
}
