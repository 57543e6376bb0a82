package io.vnode.executor.domain;

import java.time.Duration;

/**
 * Exponential backoff with jitter, capped: attempt 1 waits about {@code base}, each next attempt
 * doubles, never above {@code cap}. {@code jitter} in [0,1] is the fraction of the delay that is
 * randomised (0.5: the delay is uniformly drawn from [d/2, d]), so that retries of many pods spread.
 */
public record Backoff(Duration base, Duration cap, double jitter) {

    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be in [0,1]");
        }
    }

    /**
     * The delay before retry number {@code attempt} (1-based).
     *
     * @param random01 a uniform random number in [0,1)
     */
    public Duration delay(int attempt, double random01) {
        int exponent = Math.max(0, Math.min(attempt - 1, 30));
        double raw = base.toNanos() * Math.pow(2, exponent);
        double capped = Math.min(raw, cap.toNanos());
        double jittered = capped * (1 - jitter) + capped * jitter * random01;
        return Duration.ofNanos((long) jittered);
    }
}
