package cn.ebike.registration.pii;

import cn.ebike.common.crypto.Resealer;
import cn.ebike.common.crypto.SealedColumn;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps owners' encrypted fields in the current format and key: shortly after start and then daily, re-seals
 * values of the old format and values sealed with a retired key (after a rotation). See {@link Resealer}.
 */
@ApplicationScoped
public class PiiResealing {

    private final PiiCrypto crypto;

    private final Resealer resealer;

    public PiiResealing(PiiCrypto crypto, Resealer resealer) {
        this.crypto = crypto;
        this.resealer = resealer;
    }

    @Scheduled(every = "${registration.pii.reseal-every:24h}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }

    /** One pass over every encrypted owner column; the number of values re-sealed. */
    public long run() {
        long resealed = 0;
        for (SealedColumn column : crypto.sealedColumns()) {
            resealed += resealer.reseal(crypto.cipher(), column, 500).resealed();
        }
        return resealed;
    }
}
