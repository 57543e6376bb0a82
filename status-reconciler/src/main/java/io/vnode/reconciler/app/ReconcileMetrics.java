package io.vnode.reconciler.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters: events applied, dropped (stale, duplicate, terminal, unknown pod), dead-lettered, 409 retries. */
public class ReconcileMetrics {

    private final Counter applied;
    private final Counter dropped;
    private final Counter deadLettered;
    private final Counter conflicts;

    public ReconcileMetrics(MeterRegistry registry) {
        applied = Counter.builder("vnode.reconciler.events.applied").register(registry);
        dropped = Counter.builder("vnode.reconciler.events.dropped").register(registry);
        deadLettered = Counter.builder("vnode.reconciler.events.dead.lettered").register(registry);
        conflicts = Counter.builder("vnode.reconciler.conflicts").register(registry);
    }

    public void applied(int n) {
        applied.increment(n);
    }

    public void dropped(int n) {
        dropped.increment(n);
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    public void conflict() {
        conflicts.increment();
    }

    /** Events processed (applied + dropped): the benchmark's throughput counter. */
    public double processed() {
        return applied.count() + dropped.count();
    }
}
