package cn.ebike.subsidy.wallet;

import cn.ebike.common.crypto.Resealer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps wallet ids in the current format and key: shortly after start and then daily, re-seals values of the old
 * format and values sealed with a retired key (after a rotation). See {@link Resealer}.
 */
@ApplicationScoped
public class WalletResealing {

    @Inject
    WalletCrypto crypto;

    @Inject
    Resealer resealer;

    @Scheduled(every = "${subsidy.wallet.reseal-every:24h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }

    /** One pass; the number of wallet ids re-sealed. */
    public long run() {
        return resealer.reseal(crypto.cipher(), crypto.column(), 500).resealed();
    }
}
