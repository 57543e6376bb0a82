package io.vnode.reconciler.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.VnodeEvent;
import io.vnode.contracts.billing.BillingUsageRecorded;
import io.vnode.reconciler.domain.PodEventNote;
import io.vnode.reconciler.domain.PodEventRules;
import io.vnode.reconciler.domain.ReconcileOutcome;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the events of one pod (in their topic order) to the pod: reads it, folds the events with
 * the pure {@link PodEventRules}, then writes: the usage records (published and awaited, so a crash
 * before the pod records the billing marks publishes them again, under the same ids), then in one
 * request the status with the annotations that hold the billing marks and the last applied sequence,
 * then the Kubernetes Events (only for a pod that still exists; a crash between the write and its
 * Events loses those Events, as a kubelet's are best effort: the reason and message are in the
 * status); or deletes the pod. A 409 re-reads and re-folds (nothing was recorded yet). Thread-safe;
 * callers keep one pod's events on one thread.
 *
 * <p>The read is skipped when this service wrote the pod last: the pod each write returned is kept
 * (bounded, least recently used evicted) and the next batch of that pod starts from it. That copy
 * can only be stale if someone else changed the pod since, and every write carries the copy's
 * resourceVersion as a precondition, so a stale copy meets a 409, is dropped, and the batch is
 * re-read and re-folded; a write from the copy that the server refuses otherwise (a 422) is also
 * decided again from a fresh read before it counts as a failure. A batch that changes nothing is
 * re-checked against a fresh read before it is called done.
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

    /** Applies {@code batch} (all about {@code ref}) and returns its outcome. */
    public ReconcileOutcome reconcile(PodRef ref, List<? extends VnodeEvent> batch) {
        PodGateway.ConflictException last = null;
        for (int attempt = 1; attempt <= conflictRetries; attempt++) {
            Optional<Pod> current = Optional.empty();
            ReconcileOutcome outcome = null;
            Pod cached = attempt == 1 ? lastWritten.get(ref.uid()) : null;
            if (cached != null) {
                outcome = fold(cached, batch);
                if (outcome.applied() > 0) {
                    current = Optional.of(cached);
                } else {
                    lastWritten.remove(ref.uid()); // nothing to write by the kept copy: make sure with a fresh read
                    outcome = null;
                }
            }
            if (outcome == null) {
                current = pods.get(ref.namespace(), ref.name());
                outcome = fold(current.orElse(null), batch);
            }
            metrics.dropped(outcome.dropped().size());
            if (!outcome.dropped().isEmpty() && LOG.isDebugEnabled()) {
                LOG.debug("{}: dropped {}", ref, outcome.dropped());
            }
            if (current.isEmpty() || outcome.applied() == 0) {
                metrics.applied(batch.size() - outcome.dropped().size());
                return outcome;
            }
            try {
                write(ref, current.get(), outcome);
                metrics.applied(batch.size() - outcome.dropped().size());
                return outcome;
            } catch (PodGateway.ConflictException e) {
                lastWritten.remove(ref.uid());
                last = e;
                metrics.conflict();
            } catch (PodGateway.TransientException | PodGateway.AccessDeniedException e) {
                lastWritten.remove(ref.uid());
                throw e;
            } catch (RuntimeException e) {
                lastWritten.remove(ref.uid());
                if (cached == null) {
                    throw e;
                }
                // refused as computed from the kept copy (e.g. a key added under annotations someone removed):
                // decided again from a fresh read before it counts as a failure
                LOG.debug("{}: write from the kept copy refused ({}), re-read", ref, e.getMessage());
            }
        }
        throw new PodGateway.TransientException(ref + ": still conflicting after " + conflictRetries + " attempts", last);
    }

    private static ReconcileOutcome fold(Pod pod, List<? extends VnodeEvent> batch) {
        ReconcileOutcome outcome = ReconcileOutcome.start(pod);
        for (VnodeEvent e : batch) {
            outcome = PodEventRules.apply(outcome, e);
        }
        return outcome;
    }

    private void write(PodRef ref, Pod current, ReconcileOutcome outcome) {
        Pod desired = outcome.pod();
        String node = current.getSpec() != null ? current.getSpec().getNodeName() : null;
        if (outcome.deletePod()) {
            lastWritten.remove(ref.uid());
            publish(outcome.usage());
            pods.deleteNow(current);
            return;
        }
        publish(outcome.usage());
        Optional<Pod> written = pods.write(current, desired);
        if (written.isPresent() && ref.uid().equals(written.get().getMetadata().getUid())) {
            lastWritten.put(ref.uid(), written.get());
        } else {
            lastWritten.remove(ref.uid());
            return; // the pod is gone: nobody to tell
        }
        for (PodEventNote note : outcome.notes()) {
            events.record(desired, node, note);
        }
    }

    private void publish(List<BillingUsageRecorded> records) {
        for (BillingUsageRecorded r : records) {
            usage.publish(r);
            store.add(r);
        }
    }
}
