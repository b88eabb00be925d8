package cn.ebike.subsidy.wallet;

import cn.ebike.common.crypto.Resealer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps wallet ids in the current format and key: shortly after start and then daily, re-seals values of the old
 * format and values sealed with a retired key (after a rotation). See {@link Resealer}.
 */
@ApplicationScoped
public class WalletResealing {

    private final WalletCrypto crypto;

    private final Resealer resealer;

    public WalletResealing(WalletCrypto crypto, Resealer resealer) {
        this.crypto = crypto;
        this.resealer = resealer;
    }

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
