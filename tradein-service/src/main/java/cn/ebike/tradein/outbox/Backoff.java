package cn.ebike.tradein.outbox;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": the n-th failed attempt waits between half and all of
 * {@code min(cap, base * 2^(n-1))}. The half that is fixed keeps retries from bunching at zero; the half
 * that is random spreads instances (and claims) that failed together. The cap keeps a long outage from
 * turning into hours between attempts: a claim is never abandoned, it is retried at least every {@code cap}.
 */
public final class Backoff {

    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;

    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap");
        }
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The ceiling for the given number of attempts made so far (1 after the first failure). */
    public Duration ceiling(int attempts) {
        int exponent = Math.max(0, Math.min(attempts - 1, 30));
        long millis = base.toMillis();
        long capMillis = cap.toMillis();
        for (int i = 0; i < exponent && millis < capMillis; i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, capMillis));
    }

    /** How long to wait after {@code attempts} failed attempts. */
    public Duration delay(int attempts) {
        long ceiling = ceiling(attempts).toMillis();
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }
}
