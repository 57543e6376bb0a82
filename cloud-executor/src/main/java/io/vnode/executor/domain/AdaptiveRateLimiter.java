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
 * <p>Every cut is checked: a quota refuses what is sent above it, so a cut either keeps what the cloud
 * serves (the calls it refused were the excess) or stops the refusals (the rate is now below the
 * quota). A cloud that refuses a share of calls whatever the rate (throttling that is not our
 * rate's doing: another tenant, a degraded region, injected faults) does neither: the refusals go
 * on at the same share and the served rate falls with the sent rate. Plain AIMD reads each of those
 * refusals as "too fast" and halves its way to the floor. So the rate is held at the cut for
 * {@value #VERIFY_SECONDS} s, and then the limiter compares: if the share refused did not fall by
 * {@code 1 - }{@value #SAME_SHARE} and the served rate fell below {@value #HELD} of what it was, the cut
 * is undone and refusals at that share do not cut for {@value #UNSENSITIVE_SECONDS} s; a share that
 * grows beyond it (a quota may now bind) cuts again, and that cut is checked too.
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

    /** Full seconds measured after a cut (its own second not counted) before it is checked. */
    static final int VERIFY_SECONDS = 3;
    /** The refused share "did not fall" when it is at least this part of the share before the cut. */
    static final double SAME_SHARE = 0.6;
    /**
     * Refusals below this share before a cut are read as a quota just reached (the first refusals when
     * its bucket runs dry), never as throttling that is not our rate's doing.
     */
    static final double MIN_SHARE = 0.05;
    /** The served rate "held" when it is at least this part of the rate served before the cut. */
    static final double HELD = 0.92;
    /** How long a rate at which a cut proved useless is kept from cutting again (then probed again). */
    static final int UNSENSITIVE_SECONDS = 60;
    /**
     * Calls needed in the checked window for a verdict: a slow API is checked over more seconds (up to
     * the window kept); still fewer, the cut stands, as plain AIMD.
     */
    static final int MIN_CALLS = 10;
    private static final int WINDOW = 16;

    private double rate;
    private double knownLimit;
    private double nextFreeNanos;
    private long lastClimbNanos;
    private long lastCutNanos;
    private long throttles;
    private final long startNanos;
    private final int[] callsPerSecond = new int[WINDOW];
    private final int[] refusedPerSecond = new int[WINDOW];
    private long currentSecond;

    // the cut being checked (checkSecond < 0: none)
    private long checkSecond = -1;
    private long cutSecond;
    private double rateBeforeCut;
    private double limitBeforeCut;
    private double servedBeforeCut;
    private double shareBeforeCut;
    // until when cutting is known useless, and the refused share seen when it proved so
    private long uselessUntilNanos;
    private double uselessShare;
    private long undoneCuts;

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
    }

    /** A call succeeded (feeds the estimate of the rate the cloud actually serves). */
    public synchronized void onSuccess(long nowNanos) {
        roll(nowNanos);
        callsPerSecond[slot(currentSecond)]++;
        check(nowNanos);
    }

    private static int slot(long second) {
        return (int) (second % WINDOW);
    }

    /** Moves the per-second counters to the second of nowNanos (seconds without calls count as zero). */
    private void roll(long nowNanos) {
        long second = Math.max(0, (nowNanos - startNanos) / 1_000_000_000L);
        if (second <= currentSecond) {
            return;
        }
        for (long s = Math.max(currentSecond + 1, second - WINDOW + 1); s <= second; s++) {
            callsPerSecond[slot(s)] = 0;
            refusedPerSecond[slot(s)] = 0;
        }
        currentSecond = second;
    }

    /** Calls served (not refused) per second over seconds [from, to), within the window kept. */
    private double served(long from, long to) {
        from = Math.max(Math.max(from, 0), currentSecond - WINDOW + 1);
        if (to <= from) {
            return 0;
        }
        long served = 0;
        for (long s = from; s < to; s++) {
            served += callsPerSecond[slot(s)] - refusedPerSecond[slot(s)];
        }
        return served / (double) (to - from);
    }

    /**
     * Calls served per second from the start of second {@code from} up to now (the current second
     * counted for the part of it elapsed); -1 when less than half a second is covered.
     */
    private double servedUntilNow(long from, long nowNanos) {
        from = Math.max(Math.max(from, 0), currentSecond - WINDOW + 1);
        double elapsedInSecond = Math.max(0, (nowNanos - startNanos) / 1e9 - currentSecond);
        double seconds = (currentSecond - from) + Math.min(1, elapsedInSecond);
        if (seconds < 0.5) {
            return -1;
        }
        long served = 0;
        for (long s = from; s <= currentSecond; s++) {
            served += callsPerSecond[slot(s)] - refusedPerSecond[slot(s)];
        }
        return served / seconds;
    }

    private int calls(long from, long to) {
        from = Math.max(Math.max(from, 0), currentSecond - WINDOW + 1);
        int calls = 0;
        for (long s = from; s < to; s++) {
            calls += callsPerSecond[slot(s)];
        }
        return calls;
    }

    /** Share of calls refused over seconds [from, to]: to's second included (it may be partial). */
    private double refusedShare(long from, long to) {
        from = Math.max(Math.max(from, 0), currentSecond - WINDOW + 1);
        long calls = 0;
        long refused = 0;
        for (long s = from; s <= to; s++) {
            calls += callsPerSecond[slot(s)];
            refused += refusedPerSecond[slot(s)];
        }
        return calls == 0 ? 0 : refused / (double) calls;
    }

    /** Once the checked seconds after a cut are over: undo the cut when it only lost throughput. */
    private void check(long nowNanos) {
        if (checkSecond < 0 || currentSecond < checkSecond) {
            return;
        }
        long from = cutSecond + 1;
        long to = currentSecond;
        if (calls(from, to) < MIN_CALLS && to - from < WINDOW - 2) {
            return; // a slow API: wait for enough calls (up to the window kept)
        }
        checkSecond = -1;
        if (calls(from, to) < MIN_CALLS) {
            return;
        }
        double share = refusedShare(from, to - 1);
        double served = served(from, to);
        if (shareBeforeCut > MIN_SHARE && share >= shareBeforeCut * SAME_SHARE && served < servedBeforeCut * HELD) {
            undoneCuts++;
            rate = Math.max(rate, rateBeforeCut);
            knownLimit = Math.max(knownLimit, limitBeforeCut);
            uselessUntilNanos = nowNanos + UNSENSITIVE_SECONDS * 1_000_000_000L;
            uselessShare = Math.max(shareBeforeCut, share);
        }
    }

    /** Reserves the next call slot; returns how long the caller must wait before calling (0: now). */
    public synchronized long reserve(long nowNanos) {
        roll(nowNanos);
        check(nowNanos);
        climb(nowNanos);
        double slot = Math.max(nowNanos, nextFreeNanos);
        nextFreeNanos = slot + 1e9 / rate;
        return (long) (slot - nowNanos);
    }

    /** The cloud throttled a call: cut the rate (once per cooldown, however many calls were refused). */
    public synchronized void onThrottled(long nowNanos) {
        throttles++;
        roll(nowNanos);
        callsPerSecond[slot(currentSecond)]++;
        refusedPerSecond[slot(currentSecond)]++;
        check(nowNanos);
        if (nowNanos - lastCutNanos < cutCooldownNanos || checkSecond >= 0) {
            return; // one cut per cooldown, and none while the last one is being checked
        }
        climb(nowNanos);
        // the seconds before the cut: the last 3, more for a slow API (at least 2 x MIN_CALLS calls)
        long since = currentSecond - 2;
        while (since > currentSecond - WINDOW + 2 && since > 0 && calls(since, currentSecond + 1) < 2 * MIN_CALLS) {
            since--;
        }
        double shareNow = refusedShare(since, currentSecond);
        if (nowNanos < uselessUntilNanos && shareNow < uselessShare * 1.5 + 0.05) {
            return; // refused at the share at which cutting proved useless: not our rate's doing
        }
        double servedNow = servedUntilNow(since, nowNanos);
        if (servedNow < 0) {
            return; // under half a second of history: nothing to check a cut against yet
        }
        rateBeforeCut = rate;
        limitBeforeCut = knownLimit;
        servedBeforeCut = servedNow;
        shareBeforeCut = shareNow;
        cutSecond = currentSecond;
        checkSecond = currentSecond + 1 + VERIFY_SECONDS;
        long successesLastSecond = currentSecond >= 1 ? Math.round(served(currentSecond - 1, currentSecond)) : -1;
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
        if (rate >= ceiling || seconds == 0 || checkSecond >= 0) {
            // no climb while a cut is checked: the seconds checked are sent at the cut rate
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

    /** How many cuts were undone because they lost throughput without stopping the refusals. */
    public synchronized long undoneCuts() {
        return undoneCuts;
    }

    /** How many throttled answers were reported. */
    public synchronized long throttles() {
        return throttles;
    }
}
