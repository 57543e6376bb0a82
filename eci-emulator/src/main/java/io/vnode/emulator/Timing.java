package io.vnode.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an instance stays in each lifecycle stage.
 *
 * @param scheduling  Scheduling -> Pending (placement)
 * @param pending     Pending with the image being pulled (Pulling -> Pulled)
 * @param starting    Pulled -> containers Started (instance Running)
 * @param terminating Terminating -> gone after a non-forced delete
 */
public record Timing(Duration scheduling, Duration pending, Duration starting, Duration terminating) {

    public Timing {
        Objects.requireNonNull(scheduling, "scheduling");
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(starting, "starting");
        Objects.requireNonNull(terminating, "terminating");
    }

    /** Every transition as soon as possible; each one still leaves its event and timestamps. */
    public static Timing instant() {
        return new Timing(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** A few seconds per stage, roughly what an ECI instance with a cached image shows. */
    public static Timing realistic() {
        return new Timing(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
}
