package io.vnode.executor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How long a pod may wait for its instance and how long each wait between out-of-stock rounds is.
 * The clock starts at the first create attempt (the create command's time, which re-queues keep);
 * the limit is the pod's {@code k8s.aliyun.com/eci-max-pending-minute}, carried in the command as the
 * CreateContainerGroup parameter {@value #PARAMETER} (10..1440, default {@value #DEFAULT_MINUTES}).
 * The pause grows with the time already waited (half of it), between {@code minPause} and
 * {@code maxPause}, and never runs past the deadline; growing from the age rather than a counter
 * keeps the backoff across re-queues and restarts.
 */
public record PendingBudget(Instant firstAttempt, Duration maxPending, Duration minPause, Duration maxPause) {

    public static final String PARAMETER = "MaxPendingMinute";
    public static final String ANNOTATION = "k8s.aliyun.com/eci-max-pending-minute";
    public static final int DEFAULT_MINUTES = 240;
    public static final int MIN_MINUTES = 10;
    public static final int MAX_MINUTES = 1440;

    /** From the command's extra parameters; a missing or unreadable value gives the default, out of range is clamped. */
    public static PendingBudget of(Instant firstAttempt, Map<String, String> extraParameters, Duration minPause,
                                   Duration maxPause) {
        int minutes = DEFAULT_MINUTES;
        String v = extraParameters == null ? null : extraParameters.get(PARAMETER);
        if (v != null) {
            try {
                minutes = Math.max(MIN_MINUTES, Math.min(MAX_MINUTES, Integer.parseInt(v.trim())));
            } catch (NumberFormatException e) {
                minutes = DEFAULT_MINUTES;
            }
        }
        return new PendingBudget(firstAttempt, Duration.ofMinutes(minutes), minPause, maxPause);
    }

    public Instant deadline() {
        return firstAttempt.plus(maxPending);
    }

    public boolean expired(Instant now) {
        return !now.isBefore(deadline());
    }

    /** The pause before the next out-of-stock round: half the time waited so far, within bounds, not past the deadline. */
    public Duration nextPause(Instant now) {
        Duration waited = Duration.between(firstAttempt, now);
        Duration d = waited.dividedBy(2);
        if (d.compareTo(minPause) < 0) {
            d = minPause;
        }
        if (d.compareTo(maxPause) > 0) {
            d = maxPause;
        }
        Duration left = Duration.between(now, deadline());
        return left.isNegative() ? Duration.ZERO : (d.compareTo(left) > 0 ? left : d);
    }

    /** Minutes, for messages. */
    public long minutes() {
        return maxPending.toMinutes();
    }
}
