package io.vnode.agent.domain;

import java.time.Duration;

/**
 * How often a followed log is read again. The cloud's DescribeContainerLog quota is shared by the whole
 * account (500 calls a minute), so the followed logs of this agent share {@code callsPerMinute}: each is
 * read every {@code follows * 60 s / callsPerMinute}, never more often than {@code shortest}.
 */
public record LogPolling(int callsPerMinute, Duration shortest) {

    public LogPolling {
        if (callsPerMinute < 1) {
            throw new IllegalArgumentException("vnode.kubelet.log-calls-per-minute must be at least 1, not " + callsPerMinute);
        }
        if (shortest.isNegative() || shortest.isZero()) {
            throw new IllegalArgumentException("the shortest log polling interval must be positive");
        }
    }

    /** The pause between two reads of one followed log while {@code follows} logs are followed. */
    public Duration interval(int follows) {
        Duration shared = Duration.ofMillis(60_000L * Math.max(1, follows) / callsPerMinute);
        return shared.compareTo(shortest) > 0 ? shared : shortest;
    }
}
