package io.vnode.executor.app;

import io.vnode.contracts.PodRef;
import io.vnode.executor.adapter.kube.KubePods;
import io.vnode.executor.config.ExecutorProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The waiting budget of one command while it is handled: pauses are cut short by shutdown, may not
 * run past the hold deadline (then {@link CommandHeld}), and periodically check that the pod still
 * exists (else {@link PodGone}).
 */
final class RetryContext {

    private final ExecutorProperties.Retry retry;
    private final ShutdownSignal shutdown;
    private final KubePods pods;
    private final PodRef pod;
    private final Clock clock;
    private final Instant started;
    private final Instant holdUntil;
    private Instant lastPodCheck;
    private Instant lastReport;
    int attempts;

    RetryContext(ExecutorProperties.Retry retry, ShutdownSignal shutdown, KubePods pods, PodRef pod, Clock clock) {
        this.retry = retry;
        this.shutdown = shutdown;
        this.pods = pods;
        this.pod = pod;
        this.clock = clock;
        this.started = clock.instant();
        this.holdUntil = started.plus(retry.maxHold());
        this.lastPodCheck = started;
        this.lastReport = started;
    }

    Instant started() {
        return started;
    }

    /** Waits {@code d} unless stopping, out of hold time, or the pod is gone. */
    void pause(Duration d) {
        Instant now = clock.instant();
        if (shutdown.raised()) {
            throw new CommandHeld("stopping", now.toEpochMilli());
        }
        if (now.plus(d).isAfter(holdUntil)) {
            throw new CommandHeld("held " + Duration.between(started, now).toSeconds() + " s",
                    now.plus(d).toEpochMilli());
        }
        if (pods != null && Duration.between(lastPodCheck, now).compareTo(retry.podCheckInterval()) >= 0) {
            lastPodCheck = now;
            if (!pods.exists(pod)) {
                throw new PodGone("pod " + pod + " no longer exists");
            }
        }
        if (shutdown.await(d)) {
            throw new CommandHeld("stopping", clock.instant().toEpochMilli());
        }
    }

    /** Like {@link #pause}, then checks the pod whatever the interval (after a long pause, before retrying). */
    void pauseCheckingPod(Duration d) {
        pause(d);
        if (pods != null) {
            lastPodCheck = clock.instant();
            if (!pods.exists(pod)) {
                throw new PodGone("pod " + pod + " no longer exists");
            }
        }
    }

    /** True once per long-wait period: time to tell the pod that it is still waiting. */
    boolean dueForReport() {
        Instant now = clock.instant();
        if (Duration.between(lastReport, now).compareTo(retry.longWait()) >= 0) {
            lastReport = now;
            return true;
        }
        return false;
    }
}
