package io.vnode.emulator.domain;

import io.vnode.emulator.domain.ContainerRuntime.State;
import java.util.function.Predicate;

/**
 * The instance state machine. Pure: time is passed in, transitions happen at the exact instants the
 * timing dictates however late {@link #advance} is called, so a lazily advanced instance tells the
 * same story as one advanced by a ticking thread. Callers hold the instance's monitor.
 *
 * <pre>
 * Scheduling -> Pending (pulling) -> Pending (created) -> Running -> Succeeded | Failed
 * Scheduling -> ScheduleFailed            (stock gone after create)
 * any live   -> Terminating -> Gone       (delete; Force or a settled instance: Gone at once)
 * any live   -> Expired                   (spot reclaim)
 * </pre>
 * Restart policy: Always restarts an exited container, OnFailure only on a non-zero exit code, Never not.
 */
public final class Lifecycle {

    private static final int MAX_STEPS = 10_000;

    private Lifecycle() {
    }

    /** Applies every transition due at or before {@code now}. {@code inStock} is asked when placement happens. */
    public static void advance(Instance i, long now, Predicate<Instance> inStock) {
        for (int step = 0; step < MAX_STEPS && i.next <= now; step++) {
            long t = i.next;
            switch (i.status) {
                case SCHEDULING -> schedule(i, t, inStock);
                case PENDING -> pendingStep(i, t);
                case RUNNING -> runningStep(i, t);
                case TERMINATING -> {
                    i.setStatus(InstanceStatus.GONE, t);
                    i.next = Instance.NEVER;
                }
                default -> i.next = Instance.NEVER;
            }
        }
    }

    private static void schedule(Instance i, long t, Predicate<Instance> inStock) {
        if (!inStock.test(i)) {
            i.event(EventKind.NO_STOCK, -1, t);
            i.setStatus(InstanceStatus.SCHEDULE_FAILED, t);
            i.failedAt = t;
            i.next = Instance.NEVER;
            return;
        }
        i.event(EventKind.SCHEDULED, -1, t);
        i.setStatus(InstanceStatus.PENDING, t);
        for (int c = 0; c < i.containers.size(); c++) {
            i.event(EventKind.PULLING, c, t);
        }
        i.pendingStep = 0;
        i.next = t + i.durations.pending();
    }

    private static void pendingStep(Instance i, long t) {
        if (i.pendingStep == 0) {
            for (int c = 0; c < i.containers.size(); c++) {
                i.event(EventKind.PULLED, c, t);
                i.event(EventKind.CREATED, c, t);
            }
            i.pendingStep = 1;
            i.next = t + i.durations.starting();
            return;
        }
        for (int c = 0; c < i.containers.size(); c++) {
            i.containers.get(c).start(t);
            i.event(EventKind.STARTED, c, t);
        }
        i.runningAt = t;
        i.setStatus(InstanceStatus.RUNNING, t);
        i.next = nextExit(i);
    }

    private static void runningStep(Instance i, long t) {
        boolean allDone = true;
        boolean allZero = true;
        for (int c = 0; c < i.containers.size(); c++) {
            ContainerRuntime r = i.containers.get(c);
            if (r.exitAt() <= t) {
                int code = r.exitCode;
                r.terminate(r.exitAt(), code, code == 0 ? "Completed" : "Error");
                boolean restart = "Always".equals(i.restartPolicy) || ("OnFailure".equals(i.restartPolicy) && code != 0);
                if (restart) {
                    if (code != 0) {
                        i.event(EventKind.BACK_OFF, c, t);
                    }
                    r.restart(t);
                    i.event(EventKind.STARTED, c, t);
                }
            }
            if (r.state != State.TERMINATED) {
                allDone = false;
            } else if (r.lastExitCode == null || r.lastExitCode != 0) {
                allZero = false;
            }
        }
        if (allDone) {
            if (allZero) {
                i.succeededAt = t;
                i.setStatus(InstanceStatus.SUCCEEDED, t);
            } else {
                i.failedAt = t;
                i.setStatus(InstanceStatus.FAILED, t);
            }
            i.next = Instance.NEVER;
        } else {
            i.next = nextExit(i);
        }
    }

    private static long nextExit(Instance i) {
        long n = Instance.NEVER;
        for (ContainerRuntime r : i.containers) {
            n = Math.min(n, r.exitAt());
        }
        return n;
    }

    /**
     * Deletes: a settled or still Scheduling instance, or any with {@code force}, is Gone at once (returns true);
     * otherwise it goes Terminating and is Gone after the terminating duration.
     */
    public static boolean delete(Instance i, long now, boolean force) {
        if (i.status == InstanceStatus.GONE) {
            return true;
        }
        if (force || i.status.settled() || i.status == InstanceStatus.SCHEDULING) {
            i.setStatus(InstanceStatus.GONE, now);
            i.next = Instance.NEVER;
            return true;
        }
        if (i.status != InstanceStatus.TERMINATING) {
            for (int c = 0; c < i.containers.size(); c++) {
                if (i.containers.get(c).state == State.RUNNING) {
                    i.event(EventKind.KILLING, c, now);
                }
            }
            i.setStatus(InstanceStatus.TERMINATING, now);
            i.next = now + i.durations.terminating();
        }
        return false;
    }

    /**
     * A probe of a running container: a failing readiness probe makes it not ready until it passes again;
     * a failing liveness probe kills it (exit 137) and starts it again, one restart. Returns false when
     * the instance has no such running container.
     */
    public static boolean probe(Instance i, String container, boolean liveness, boolean failing, long now) {
        for (int c = 0; c < i.containers.size(); c++) {
            ContainerRuntime r = i.containers.get(c);
            if (!r.name.equals(container) || r.state != State.RUNNING || i.status.settled()) {
                continue;
            }
            if (!liveness) {
                r.readinessFailing = failing;
                if (failing) {
                    i.event(EventKind.READINESS_FAILED, c, now);
                }
            } else if (failing) {
                i.event(EventKind.LIVENESS_FAILED, c, now);
                r.terminate(now, 137, "Error");
                r.restart(now);
            }
            return true;
        }
        return false;
    }

    /** Spot reclaim. Returns false when the instance is already settled. */
    public static boolean expire(Instance i, long now) {
        if (i.status.settled()) {
            return false;
        }
        for (ContainerRuntime r : i.containers) {
            if (r.state == State.RUNNING) {
                r.terminate(now, 143, "Expired");
            }
        }
        i.event(EventKind.SPOT_RELEASED, -1, now);
        i.expiredAt = now;
        i.setStatus(InstanceStatus.EXPIRED, now);
        i.next = Instance.NEVER;
        return true;
    }
}
