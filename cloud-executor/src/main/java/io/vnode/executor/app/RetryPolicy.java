package io.vnode.executor.app;

import io.vnode.executor.domain.Backoff;
import java.time.Duration;

/**
 * How long and how a command retries.
 *
 * @param backoff between retries of a throttled or transient call
 * @param longWait after this long without success a retryable InstanceCreateFailed is published (and again each period)
 * @param maxHold how long one command may hold its partition before it is re-queued
 * @param noStockInterval pause before trying every spec again when all were out of stock
 * @param podCheckInterval how often a retrying command checks that its pod still exists
 * @param noStockMaxPause the longest pause between out-of-stock rounds (the pause grows with the pod's wait)
 */
public record RetryPolicy(Backoff backoff, Duration longWait, Duration maxHold, Duration noStockInterval,
                          Duration podCheckInterval, Duration noStockMaxPause) {

    /** With the longest out-of-stock pause at 8 times the shortest. */
    public RetryPolicy(Backoff backoff, Duration longWait, Duration maxHold, Duration noStockInterval,
                       Duration podCheckInterval) {
        this(backoff, longWait, maxHold, noStockInterval, podCheckInterval, noStockInterval.multipliedBy(8));
    }
}
