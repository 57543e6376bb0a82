package io.vnode.reconciler.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.VnodeEvent;
import io.vnode.contracts.billing.BillingUsageRecorded;
import io.vnode.reconciler.domain.PodEventNote;
import io.vnode.reconciler.domain.Reconciler;
import io.vnode.reconciler.domain.Step;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the events of one pod (in their topic order) to the pod: reads it, folds the events with
 * the pure {@link Reconciler}, then writes in an order that loses nothing on a crash: status,
 * usage records (published and awaited), Kubernetes Events, and last the annotations that hold the
 * billing marks and the last applied sequence; or deletes the pod. A 409 re-reads and re-folds.
 * Thread-safe; callers keep one pod's events on one thread.
 */
public class PodReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(PodReconciler.class);

    private final PodGateway pods;
    private final EventRecorder events;
    private final UsagePublisher usage;
    private final UsageStore store;
    private final ReconcileMetrics metrics;
    private final int conflictRetries;

    public PodReconciler(PodGateway pods, EventRecorder events, UsagePublisher usage, UsageStore store,
                         ReconcileMetrics metrics, int conflictRetries) {
        this.pods = pods;
        this.events = events;
        this.usage = usage;
        this.store = store;
        this.metrics = metrics;
        this.conflictRetries = Math.max(1, conflictRetries);
    }

    /** Applies {@code batch} (all about {@code ref}) and returns the final step. */
    public Step reconcile(PodRef ref, List<? extends VnodeEvent> batch) {
        PodGateway.ConflictException last = null;
        for (int attempt = 1; attempt <= conflictRetries; attempt++) {
            Optional<Pod> current = pods.get(ref.namespace(), ref.name());
            Step step = Step.start(current.orElse(null));
            for (VnodeEvent e : batch) {
                step = Reconciler.apply(step, e);
            }
            metrics.dropped(step.dropped().size());
            if (!step.dropped().isEmpty() && LOG.isDebugEnabled()) {
                LOG.debug("{}: dropped {}", ref, step.dropped());
            }
            if (current.isEmpty() || step.applied() == 0) {
                metrics.applied(batch.size() - step.dropped().size());
                return step;
            }
            try {
                write(current.get(), step);
                metrics.applied(batch.size() - step.dropped().size());
                return step;
            } catch (PodGateway.ConflictException e) {
                last = e;
                metrics.conflict();
            }
        }
        throw new PodGateway.TransientException(ref + ": still conflicting after " + conflictRetries + " attempts", last);
    }

    private void write(Pod current, Step step) {
        Pod desired = step.pod();
        String node = current.getSpec() != null ? current.getSpec().getNodeName() : null;
        if (step.deletePod()) {
            publish(step.usage());
            pods.deleteNow(current);
            return;
        }
        pods.writeStatus(current, desired);
        publish(step.usage());
        for (PodEventNote note : step.notes()) {
            events.record(desired, node, note);
        }
        pods.writeAnnotations(current, desired);
    }

    private void publish(List<BillingUsageRecorded> records) {
        for (BillingUsageRecorded r : records) {
            usage.publish(r);
            store.add(r);
        }
    }
}
