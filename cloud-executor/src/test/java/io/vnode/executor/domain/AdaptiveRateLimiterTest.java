package io.vnode.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The limiter on virtual time against a simulated cloud quota (a token bucket, as the cloud enforces it). */
class AdaptiveRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void pacesCallsEvenlyAtTheQuotaWithoutBursts() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(10, 0);
        assertThat(limiter.reserve(0)).isZero();
        assertThat(limiter.reserve(0)).isEqualTo(SECOND / 10);
        assertThat(limiter.reserve(0)).isEqualTo(2 * SECOND / 10);
        // idle time does not accumulate into a burst
        assertThat(limiter.reserve(10 * SECOND)).isZero();
        assertThat(limiter.reserve(10 * SECOND)).isEqualTo(SECOND / 10);
    }

    @Test
    void cutsOncePerCooldownThenClimbsBackToTheCeiling() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(100, 0);
        for (int i = 0; i < 100; i++) {
            limiter.onSuccess(i * SECOND / 100);
        }
        limiter.onThrottled(SECOND);
        limiter.onThrottled(SECOND + 1000);
        limiter.onThrottled(SECOND + 2000);
        assertThat(limiter.rate()).isEqualTo(80.0);
        assertThat(limiter.throttles()).isEqualTo(3);
        limiter.reserve(SECOND + SECOND / 2);
        assertThat(limiter.rate()).isBetween(80.0, 100.0);
        limiter.reserve(60 * SECOND);
        assertThat(limiter.rate()).isEqualTo(100.0);
    }

    @Test
    void theRateServedInTheLastSecondBoundsTheEstimatedLimit() {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(10, 0);
        for (int i = 0; i < 7; i++) {
            limiter.onSuccess(i * SECOND / 7);
        }
        limiter.onThrottled(SECOND + 1);
        assertThat(limiter.rate()).isCloseTo(7 * 0.8, org.assertj.core.data.Offset.offset(0.01));
        // a quiet second is not a low quota: never below a double cut of the current rate
        AdaptiveRateLimiter quiet = new AdaptiveRateLimiter(10, 0);
        quiet.onThrottled(3 * SECOND);
        assertThat(quiet.rate()).isCloseTo(10 * 0.8 * 0.8 * 0.8, org.assertj.core.data.Offset.offset(0.01));
    }

    /**
     * Offered load far above the quota. The configured ceiling is the true quota (the normal case)
     * or above it (a quota lowered by the cloud): the limiter must use >= 95% of the true quota with
     * < 5% throttled calls after a warm-up.
     */
    @ParameterizedTest
    @CsvSource({
        // true quota/s, configured ceiling/s, burst seconds of the cloud's bucket
        "16.67, 16.67, 60",
        "16.67, 25, 60",
        "16.67, 33.3, 1",
        "166.7, 200, 5",
        "10, 15, 2",
        "7, 10, 1"
    })
    void usesAtLeast95PercentOfTheQuotaWithFewThrottles(double quota, double ceiling, double burstSeconds) {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(ceiling, 0);
        double tokens = quota * burstSeconds;
        long now = 0;
        long lastRefill = 0;
        long warmUp = 300 * SECOND;
        long end = 1500 * SECOND;
        long served = 0;
        long throttled = 0;
        while (now < end) {
            now += limiter.reserve(now);
            tokens = Math.min(quota * burstSeconds, tokens + (now - lastRefill) / 1e9 * quota);
            lastRefill = now;
            boolean ok = tokens >= 1;
            if (ok) {
                tokens -= 1;
                limiter.onSuccess(now);
            } else {
                limiter.onThrottled(now);
            }
            if (now >= warmUp) {
                if (ok) {
                    served++;
                } else {
                    throttled++;
                }
            }
        }
        double seconds = (end - warmUp) / 1e9;
        double utilisation = served / (quota * seconds);
        double throttledShare = throttled / (double) (served + throttled);
        assertThat(utilisation).as("share of the quota used").isGreaterThanOrEqualTo(0.95);
        assertThat(throttledShare).as("share of calls throttled").isLessThan(0.05);
    }

    /**
     * A cloud that refuses a share of calls whatever the rate (no quota binding): cutting cannot help,
     * so the limiter must keep sending near its ceiling. Plain AIMD (every refusal a cut) sat near its
     * floor here. Rows also mix that share with a quota below the ceiling: then the quota still rules.
     */
    @ParameterizedTest
    @CsvSource({
        // ceiling/s, refused share, true quota/s (0: none), min share of the ceiling sent, min share of the quota served
        "16.67, 0.30, 0,     0.85, 0",
        "16.67, 0.10, 0,     0.85, 0",
        "16.67, 0.50, 0,     0.80, 0",
        "100,   0.30, 0,     0.85, 0",
        "2,     0.30, 0,     0.75, 0",
        "25,    0.30, 16.67, 0,    0.90"
    })
    void refusalsThatDoNotDependOnTheRateDoNotDriveItDown(double ceiling, double share, double quota,
            double minSent, double minServedOfQuota) {
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(ceiling, 0);
        java.util.Random random = new java.util.Random(42);
        double tokens = quota;
        long now = 0;
        long lastRefill = 0;
        long warmUp = 300 * SECOND;
        long end = 1500 * SECOND;
        long sent = 0;
        long served = 0;
        while (now < end) {
            now += limiter.reserve(now);
            boolean ok = random.nextDouble() >= share;
            if (ok && quota > 0) {
                tokens = Math.min(quota, tokens + (now - lastRefill) / 1e9 * quota);
                lastRefill = now;
                ok = tokens >= 1;
                if (ok) {
                    tokens -= 1;
                }
            }
            if (ok) {
                limiter.onSuccess(now);
            } else {
                limiter.onThrottled(now);
            }
            if (now >= warmUp) {
                sent++;
                served += ok ? 1 : 0;
            }
        }
        double seconds = (end - warmUp) / 1e9;
        assertThat(sent / (ceiling * seconds)).as("share of the ceiling sent").isGreaterThanOrEqualTo(minSent);
        if (quota > 0) {
            assertThat(served / (quota * seconds)).as("share of the quota served").isGreaterThanOrEqualTo(minServedOfQuota);
        }
        if (quota == 0) {
            assertThat(limiter.undoneCuts()).as("cuts undone").isPositive();
        }
    }

    @Test
    void aCutThatStopsTheRefusalsStandsAndOneThatOnlyLosesThroughputIsUndone() {
        // a quota of 7.5/s under a ceiling of 10/s: the cut stops the refusals, so it stands
        AdaptiveRateLimiter quota = new AdaptiveRateLimiter(10, 0);
        double tokens = 7.5;
        long now = 0;
        long last = 0;
        while (now < 12 * SECOND) {
            now += quota.reserve(now);
            tokens = Math.min(7.5, tokens + (now - last) / 1e9 * 7.5);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                quota.onSuccess(now);
            } else {
                quota.onThrottled(now);
            }
        }
        assertThat(quota.throttles()).isPositive();
        assertThat(quota.undoneCuts()).isZero();
        assertThat(quota.rate()).isLessThan(9);

        // 30% refused whatever the rate: the share stays and the served rate falls, so the cut is undone
        AdaptiveRateLimiter share = new AdaptiveRateLimiter(10, 0);
        int n = 0;
        now = 0;
        while (now < 12 * SECOND) {
            now += share.reserve(now);
            if (n++ % 10 < 7) {
                share.onSuccess(now);
            } else {
                share.onThrottled(now);
            }
        }
        assertThat(share.undoneCuts()).isEqualTo(1);
        assertThat(share.rate()).isEqualTo(10.0);
    }
}
