package cn.ebike.gateway.account;

import cn.ebike.gateway.config.GatewayConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.inject.Singleton;
import cn.ebike.common.problem.ApiException;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * bcrypt (Quarkus' Elytron BcryptUtil, Modular Crypt Format). When a user is unknown the login still
 * checks the password against a dummy hash of the same cost, so both answers take the same time.
 */
@Singleton
public class PasswordHasher {

    public static final int MIN_LENGTH = 12;
    /** bcrypt reads at most 72 bytes; longer passwords would be silently truncated. */
    public static final int MAX_BYTES = 72;

    private final int cost;
    private final String dummyHash;
    /** The bulkhead: at most this many hashes at once (issue 12, item 8). */
    private final Semaphore slots;
    private final long waitMillis;
    private final int concurrency;

    public PasswordHasher(GatewayConfig config) {
        this.cost = config.login().bcryptCost();
        this.dummyHash = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), cost);
        int configured = config.login().hashConcurrency();
        this.concurrency = configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        this.slots = new Semaphore(concurrency, true);
        this.waitMillis = config.login().hashWait().toMillis();
    }

    public String hash(String password) {
        return bulkhead(() -> BcryptUtil.bcryptHash(password, cost));
    }

    public boolean matches(String password, String hash) {
        return bulkhead(() -> BcryptUtil.matches(password, hash));
    }

    /** Spends the same time as a real check; always false. */
    public boolean matchesDummy(String password) {
        bulkhead(() -> BcryptUtil.matches(password, dummyHash));
        return false;
    }

    /** Hashing slots configured (tests, metrics). */
    public int concurrency() {
        return concurrency;
    }

    /** Hashing slots free now (tests, metrics). */
    public int freeSlots() {
        return slots.availablePermits();
    }

    /** Runs {@code work} in a hashing slot, or 503 when none frees up in time. */
    <T> T bulkhead(java.util.function.Supplier<T> work) {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw ApiException.unavailable("Sign-in is busy right now; try again in a few seconds.");
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }
}
