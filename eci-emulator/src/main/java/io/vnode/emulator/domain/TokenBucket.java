package io.vnode.emulator.domain;

/**
 * A token bucket: starts full with {@code permits} tokens and refills {@code permits} per window,
 * smoothly. Thread-safe. Time comes from the caller (nanoseconds, any origin).
 */
public final class TokenBucket {

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long last;

    public TokenBucket(int permits, long windowNanos, long nowNanos) {
        this.capacity = permits;
        this.tokensPerNano = permits / (double) windowNanos;
        this.tokens = permits;
        this.last = nowNanos;
    }

    public synchronized boolean tryAcquire(long nowNanos) {
        if (nowNanos > last) {
            tokens = Math.min(capacity, tokens + (nowNanos - last) * tokensPerNano);
            last = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
