package cn.ebike.gateway.config;

import cn.ebike.gateway.token.TokenIssuer;

/**
 * Test-only: a config class that depends on token, closing a config → token → config cycle, so
 * {@code GatewayArchitectureTest} can show its cycle rule fails on one. Never on the main classpath.
 */
final class ConfigToTokenProbe {

    private final TokenIssuer issuer;

    private ConfigToTokenProbe(TokenIssuer issuer) {
        this.issuer = issuer;
    }
}
