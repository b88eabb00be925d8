package cn.ebike.subsidy.wallet;

import cn.ebike.subsidy.common.StartupChecks;
import cn.ebike.subsidy.config.SubsidyConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Refuses to start without WALLET_ENCRYPTION_KEY (wallet ids are stored encrypted); the message names it. */
@ApplicationScoped
public class WalletStartupCheck {

    private final SubsidyConfig config;

    public WalletStartupCheck(SubsidyConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(StartupChecks.ORDER - 1) StartupEvent event) {
        WalletCrypto.keyring(config);
    }
}
