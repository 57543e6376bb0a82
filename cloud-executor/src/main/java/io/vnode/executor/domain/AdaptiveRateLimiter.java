package io.vnode.executor.domain;

/**
 * A client-side pacer for one API at the account quota, adapting like TCP (AIMD): calls are
 * spaced evenly at the current rate (no bursts); a throttled answer cuts the rate
 * multiplicatively (at most once per {@code cutCooldownNanos}) and remembers an estimate of the
 * real limit: the rate at which the cloud said no, or, lower, the rate of successful calls in the
 * last second (once the cloud's bucket is empty, that is its refill rate). The rate then climbs
 * back additively, fast up to just below that estimate and slowly beyond it, never above the
 * configured ceiling (the documented quota).
 *
 * <p>Pure and time-free: every method takes the current time in nanoseconds, so tests run it on
 * virtual time. Thread-safe (synchronized).
 */
public final class AdaptiveRateLimiter {

    private final double ceiling;
    private final double floor;
    private final double cutFactor;
    private final double fastClimbPerSecond;
    private final double slowClimbPerSecond;
    private final long cutCooldownNanos;

    private double rate;
    private double knownLimit;
    private double nextFreeNanos;
    private long lastClimbNanos;
    private long lastCutNanos;
    private long throttles;
    private final long startNanos;
    private long secondStartNanos;
    private int successesThisSecond;
    private int successesLastSecond = -1;

    /**
     * @param permitsPerSecond the configured quota (ceiling), e.g. 1000/60 for CreateContainerGroup
     * @param startNanos the current time
     */
    public AdaptiveRateLimiter(double permitsPerSecond, long startNanos) {
        this(permitsPerSecond, 0.8, startNanos);
    }

    public AdaptiveRateLimiter(double permitsPerSecond, double cutFactor, long startNanos) {
        if (permitsPerSecond <= 0) {
            throw new IllegalArgumentException("quota must be > 0");
        }
        this.ceiling = permitsPerSecond;
        this.floor = Math.max(permitsPerSecond / 100, 0.01);
        this.cutFactor = cutFactor;
        this.fastClimbPerSecond = permitsPerSecond * 0.25;
        this.slowClimbPerSecond = permitsPerSecond * 0.01;
        this.cutCooldownNanos = 1_000_000_000L;
        this.rate = permitsPerSecond;
        this.knownLimit = Double.POSITIVE_INFINITY;
        this.nextFreeNanos = startNanos;
        this.lastClimbNanos = startNanos;
        this.lastCutNanos = Long.MIN_VALUE / 2;
        this.startNanos = startNanos;
        this.secondStartNanos = startNanos;
    }

    /** A call succeeded (feeds the estimate of the rate the cloud actually serves). */
    public synchronized void onSuccess(long nowNanos) {
        roll(nowNanos);
        successesThisSecond++;
    }

    private void roll(long nowNanos) {
        long elapsed = nowNanos - secondStartNanos;
        if (elapsed >= 1_000_000_000L) {
            successesLastSecond = elapsed >= 2_000_000_000L ? 0 : successesThisSecond;
            successesThisSecond = 0;
            secondStartNanos = nowNanos - (elapsed % 1_000_000_000L);
        }
    }

    /** Reserves the next call slot; returns how long the caller must wait before calling (0: now). */
    public synchronized long reserve(long nowNanos) {
        climb(nowNanos);
        double slot = Math.max(nowNanos, nextFreeNanos);
        nextFreeNanos = slot + 1e9 / rate;
        return (long) (slot - nowNanos);
    }

    /** The cloud throttled a call: cut the rate (once per cooldown, however many calls were refused). */
    public synchronized void onThrottled(long nowNanos) {
        throttles++;
        if (nowNanos - lastCutNanos < cutCooldownNanos) {
            return;
        }
        climb(nowNanos);
        roll(nowNanos);
        double limit = rate;
        if (successesLastSecond >= 0) {
            // served in the last full second: the cloud's real rate when its bucket ran dry; never
            // trust it below a double cut (a quiet second is not a low quota)
            limit = Math.min(rate, Math.max(successesLastSecond, rate * cutFactor * cutFactor));
        }
        knownLimit = limit;
        rate = Math.max(floor, limit * cutFactor);
        lastCutNanos = nowNanos;
        // calls already spaced at the old rate keep their slots; new ones follow the new spacing
        nextFreeNanos = Math.max(nextFreeNanos, nowNanos + 1e9 / rate);
    }

    private void climb(long nowNanos) {
        double seconds = Math.max(0, (nowNanos - lastClimbNanos) / 1e9);
        lastClimbNanos = nowNanos;
        if (rate >= ceiling || seconds == 0) {
            return;
        }
        double target = knownLimit * 0.97;
        double r = rate;
        if (r < target) {
            double fastSeconds = Math.min(seconds, (target - r) / fastClimbPerSecond);
            r += fastSeconds * fastClimbPerSecond;
            seconds -= fastSeconds;
        }
        r += seconds * slowClimbPerSecond;
        rate = Math.min(ceiling, r);
    }

    /** The current rate in permits per second. */
    public synchronized double rate() {
        return rate;
    }

    public double ceiling() {
        return ceiling;
    }

    /** How many throttled answers were reported. */
    public synchronized long throttles() {
        return throttles;
    }
}
