package io.vnode.reconciler.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.VnodeEvent;
import io.vnode.contracts.billing.BillingUsageRecorded;
import io.vnode.reconciler.domain.PodEventNote;
import io.vnode.reconciler.domain.Reconciler;
import io.vnode.reconciler.domain.Step;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the events of one pod (in their topic order) to the pod: reads it, folds the events with
 * the pure {@link Reconciler}, then writes in an order that loses nothing on a crash: status,
 * usage records (published and awaited), Kubernetes Events, and last the annotations that hold the
 * billing marks and the last applied sequence; or deletes the pod. A 409 re-reads and re-folds.
 * Thread-safe; callers keep one pod's events on one thread.
 *
 * <p>The read is skipped when this service wrote the pod last: the pod each write returned is kept
 * (bounded, least recently used evicted) and the next batch of that pod starts from it. That copy
 * can only be stale if someone else changed the pod since, and every write carries the copy's
 * resourceVersion as a precondition, so a stale copy meets a 409, is dropped, and the batch is
 * re-read and re-folded. A batch that changes nothing is re-checked against a fresh read before it
 * is called done.
 */
public class PodReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(PodReconciler.class);

    private final PodGateway pods;
    private final EventRecorder events;
    private final UsagePublisher usage;
    private final UsageStore store;
    private final ReconcileMetrics metrics;
    private final int conflictRetries;
    private final Map<String, Pod> lastWritten;

    public PodReconciler(PodGateway pods, EventRecorder events, UsagePublisher usage, UsageStore store,
                         ReconcileMetrics metrics, int conflictRetries) {
        this(pods, events, usage, store, metrics, conflictRetries, 0);
    }

    /** @param podCacheSize pods whose last written copy is kept (0: always read) */
    public PodReconciler(PodGateway pods, EventRecorder events, UsagePublisher usage, UsageStore store,
                         ReconcileMetrics metrics, int conflictRetries, int podCacheSize) {
        this.pods = pods;
        this.events = events;
        this.usage = usage;
        this.store = store;
        this.metrics = metrics;
        this.conflictRetries = Math.max(1, conflictRetries);
        this.lastWritten = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Pod> eldest) {
                return size() > podCacheSize;
            }
        });
    }

    /** Pods whose last written copy is held now. */
    public int cachedPods() {
        return lastWritten.size();
    }

    /** Applies {@code batch} (all about {@code ref}) and returns the final step. */
    public Step reconcile(PodRef ref, List<? extends VnodeEvent> batch) {
        PodGateway.ConflictException last = null;
        for (int attempt = 1; attempt <= conflictRetries; attempt++) {
            Optional<Pod> current = Optional.empty();
            Step step = null;
            Pod cached = attempt == 1 ? lastWritten.get(ref.uid()) : null;
            if (cached != null) {
                step = fold(cached, batch);
                if (step.applied() > 0) {
                    current = Optional.of(cached);
                } else {
                    lastWritten.remove(ref.uid()); // nothing to write by the kept copy: make sure with a fresh read
                    step = null;
                }
            }
            if (step == null) {
                current = pods.get(ref.namespace(), ref.name());
                step = fold(current.orElse(null), batch);
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
                write(ref, current.get(), step);
                metrics.applied(batch.size() - step.dropped().size());
                return step;
            } catch (PodGateway.ConflictException e) {
                lastWritten.remove(ref.uid());
                last = e;
                metrics.conflict();
            } catch (RuntimeException e) {
                lastWritten.remove(ref.uid());
                throw e;
            }
        }
        throw new PodGateway.TransientException(ref + ": still conflicting after " + conflictRetries + " attempts", last);
    }

    private static Step fold(Pod pod, List<? extends VnodeEvent> batch) {
        Step step = Step.start(pod);
        for (VnodeEvent e : batch) {
            step = Reconciler.apply(step, e);
        }
        return step;
    }

    private void write(PodRef ref, Pod current, Step step) {
        Pod desired = step.pod();
        String node = current.getSpec() != null ? current.getSpec().getNodeName() : null;
        if (step.deletePod()) {
            lastWritten.remove(ref.uid());
            publish(step.usage());
            pods.deleteNow(current);
            return;
        }
        Pod afterStatus = pods.writeStatus(current, desired);
        publish(step.usage());
        for (PodEventNote note : step.notes()) {
            events.record(desired, node, note);
        }
        Optional<Pod> written = pods.writeAnnotations(afterStatus, desired);
        if (written.isPresent() && ref.uid().equals(written.get().getMetadata().getUid())) {
            lastWritten.put(ref.uid(), written.get());
        } else {
            lastWritten.remove(ref.uid());
        }
    }

    private void publish(List<BillingUsageRecorded> records) {
        for (BillingUsageRecorded r : records) {
            usage.publish(r);
            store.add(r);
        }
    }
}
