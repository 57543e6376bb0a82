package io.vnode.executor.app;

import io.vnode.contracts.PodRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The waiting budget of one command while it is handled: pauses are cut short by shutdown, may not
 * run past the hold deadline (then {@link CreateOutcome.Held}), and periodically check that the pod
 * still exists (else {@link CreateOutcome.PodDeleted}). Used by one thread.
 */
final class RetryContext {

    private final RetryPolicy policy;
    private final ShutdownSignal shutdown;
    private final PodDirectory pods;
    private final PodRef pod;
    private final Clock clock;
    private final Instant started;
    private final Instant holdUntil;
    private Instant lastPodCheck;
    private Instant lastReport;
    int attempts;

    /** @param pods where to check that the pod still exists; null: never (a delete outlives its pod) */
    RetryContext(RetryPolicy policy, ShutdownSignal shutdown, PodDirectory pods, PodRef pod, Clock clock) {
        this.policy = policy;
        this.shutdown = shutdown;
        this.pods = pods;
        this.pod = pod;
        this.clock = clock;
        this.started = clock.instant();
        this.holdUntil = started.plus(policy.maxHold());
        this.lastPodCheck = started;
        this.lastReport = started;
    }

    Instant started() {
        return started;
    }

    /** Waits {@code d}; or says why not: stopping, out of hold time, or the pod is gone. */
    Optional<Halt> pause(Duration d) {
        Instant now = clock.instant();
        if (shutdown.raised()) {
            return held("stopping", now);
        }
        if (now.plus(d).isAfter(holdUntil)) {
            return held("held " + Duration.between(started, now).toSeconds() + " s", now.plus(d));
        }
        if (pods != null && Duration.between(lastPodCheck, now).compareTo(policy.podCheckInterval()) >= 0) {
            Optional<Halt> gone = checkPod();
            if (gone.isPresent()) {
                return gone;
            }
        }
        if (shutdown.await(d)) {
            return held("stopping", clock.instant());
        }
        return Optional.empty();
    }

    /** Like {@link #pause}, then checks the pod whatever the interval (after a long pause, before retrying). */
    Optional<Halt> pauseCheckingPod(Duration d) {
        Optional<Halt> halt = pause(d);
        return halt.isPresent() || pods == null ? halt : checkPod();
    }

    /** True once per long-wait period: time to tell the pod that it is still waiting. */
    boolean dueForReport() {
        Instant now = clock.instant();
        if (Duration.between(lastReport, now).compareTo(policy.longWait()) >= 0) {
            lastReport = now;
            return true;
        }
        return false;
    }

    /** How long and how hard this command has tried so far, for the pod's message. */
    String waitMessage(String code, String message) {
        return "still retrying after " + Duration.between(started, clock.instant()).toSeconds()
                + " s and " + attempts + " attempts: " + code + ": " + message;
    }

    private Optional<Halt> checkPod() {
        lastPodCheck = clock.instant();
        return pods.exists(pod) ? Optional.empty()
                : Optional.of(new CreateOutcome.PodDeleted("pod " + pod + " no longer exists"));
    }

    private static Optional<Halt> held(String reason, Instant notBefore) {
        return Optional.of(new CreateOutcome.Held(notBefore.toEpochMilli(), reason));
    }
}
