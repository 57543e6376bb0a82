package io.vnode.emulator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    /** Offers {@code offered} calls evenly over {@code spanMillis}; counts what passes. */
    @ParameterizedTest(name = "{0}/{1}s, {2} calls over {3} ms -> {4} pass")
    @CsvSource({
            "100, 10, 300, 0, 100",       // burst: the bucket only
            "100, 10, 300, 1000, 110",    // + 1 s of refill at 10/s
            "100, 10, 300, 10000, 200",   // + a whole window
            "1000, 60, 5000, 0, 1000",
            "5, 1, 10, 2000, 10",         // slower than the rate: all pass
    })
    void admitsBurstPlusRefill(int permits, int windowSeconds, int offered, long spanMillis, int expected) {
        TokenBucket b = new TokenBucket(permits, windowSeconds * SECOND, 0);
        int passed = 0;
        for (int k = 0; k < offered; k++) {
            long t = offered == 1 ? 0 : spanMillis * 1_000_000L * k / (offered - 1);
            if (b.tryAcquire(t)) {
                passed++;
            }
        }
        assertThat(passed).isBetween(expected - 1, expected + 1);
    }

    @ParameterizedTest
    @CsvSource({"10, 1, 5", "10, 1, 20"})
    void neverExceedsCapacityAfterIdle(int permits, int windowSeconds, int idleWindows) {
        TokenBucket b = new TokenBucket(permits, windowSeconds * SECOND, 0);
        long t = idleWindows * windowSeconds * SECOND;
        int passed = 0;
        for (int k = 0; k < permits * 3; k++) {
            if (b.tryAcquire(t)) {
                passed++;
            }
        }
        assertThat(passed).isEqualTo(permits);
    }
}
