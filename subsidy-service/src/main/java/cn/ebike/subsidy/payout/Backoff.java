package cn.ebike.subsidy.payout;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": after attempt n (1-based) wait
 * {@code d/2 + random[0, d/2]} where {@code d = min(max, base · 2^(n-1))}. Never below half the
 * exponential step (retries stay spread out), never above the cap.
 */
public final class Backoff {

    private Backoff() {
    }

    public static Duration after(int attempt, Duration base, Duration max, RandomGenerator random) {
        long baseMs = Math.max(1, base.toMillis());
        long maxMs = Math.max(baseMs, max.toMillis());
        int shift = Math.max(0, Math.min(attempt - 1, 40));
        long exp = baseMs > (maxMs >> shift) ? maxMs : baseMs << shift;
        long half = exp / 2;
        return Duration.ofMillis(half + random.nextLong(exp - half + 1));
    }
}
