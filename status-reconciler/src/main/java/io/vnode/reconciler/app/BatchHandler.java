package io.vnode.reconciler.app;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.TraceLogging;
import io.vnode.contracts.VnodeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one polled batch of a topic: decodes each record (a record that is not an event of the
 * topic's family, or that breaks its contract ({@link EventValidation}), goes to the DLQ), groups the events by pod uid keeping their order, and reconciles
 * the pods in parallel (one pod's events stay on one thread, in order). It returns only when every
 * pod's outcome is written, so the offsets committed after it never outrun the writes.
 *
 * <p>Failures: a pod whose events fail for good (the API server rejects the write, 4xx, or the rules
 * throw) is retried one event at a time, and the events that still fail go to the DLQ; the batch goes on; a transient failure (API server unreachable, 5xx, 429,
 * conflicts that do not settle) or a refused access (401/403, reported to {@link ApiAccess}) is
 * rethrown after the other pods are done, and the binder redelivers the batch (the handlers are
 * idempotent).
 */
public class BatchHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BatchHandler.class);

    private final Class<? extends VnodeEvent> family;
    private final PodReconciler reconciler;
    private final DeadLetterPublisher dlq;
    private final ExecutorService executor;
    private final ReconcileMetrics metrics;
    private final ApiAccess access;

    public BatchHandler(Class<? extends VnodeEvent> family, PodReconciler reconciler, DeadLetterPublisher dlq,
                        ExecutorService executor, ReconcileMetrics metrics, ApiAccess access) {
        this.family = family;
        this.reconciler = reconciler;
        this.dlq = dlq;
        this.executor = executor;
        this.metrics = metrics;
        this.access = access;
    }

    private record Item(InboundRecord record, VnodeEvent event) {
    }

    public void handle(List<InboundRecord> records) {
        Map<String, List<Item>> byPod = new LinkedHashMap<>();
        for (InboundRecord r : records) {
            VnodeEvent event;
            try {
                event = EventCodec.decode(r.value() == null ? new byte[0] : r.value(), family);
            } catch (RuntimeException e) {
                deadLetter(r, e);
                continue;
            }
            Optional<String> invalid = EventValidation.problem(event);
            if (invalid.isPresent()) {
                deadLetter(r, "InvalidEvent: " + (event == null ? "" : EventCodec.typeOf(event) + ": ") + invalid.get());
                continue;
            }
            byPod.computeIfAbsent(event.pod().uid(), k -> new ArrayList<>()).add(new Item(r, event));
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (List<Item> items : byPod.values()) {
            futures.add(CompletableFuture.runAsync(() -> reconcileOne(items), executor));
        }
        RuntimeException transientFailure = null;
        for (CompletableFuture<Void> f : futures) {
            try {
                f.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException re ? re : e;
                if (transientFailure == null) {
                    transientFailure = cause;
                } else {
                    transientFailure.addSuppressed(cause);
                }
            }
        }
        if (transientFailure != null) {
            throw transientFailure;
        }
    }

    private void reconcileOne(List<Item> items) {
        PodRef ref = items.get(0).event().pod();
        try (TraceLogging.Scope trace = TraceLogging.of(items.get(0).event().traceparent(), "reconcile")) {
            try {
                reconciler.reconcile(ref, items.stream().map(Item::event).toList());
                access.granted();
            } catch (RuntimeException e) {
                trace.failed(e);
                throw e;
            }
        } catch (PodGateway.TransientException e) {
            throw e;
        } catch (PodGateway.AccessDeniedException e) {
            access.denied(e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            if (items.size() > 1) {
                for (Item i : items) {
                    reconcileOne(List.of(i));
                }
                return;
            }
            LOG.warn("{}: an event failed for good, dead-lettered: {}", ref, e.toString());
            deadLetter(items.get(0).record(), e);
        }
    }

    private void deadLetter(InboundRecord r, Exception e) {
        deadLetter(r, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private void deadLetter(InboundRecord r, String reason) {
        dlq.deadLetter(r, reason);
        metrics.deadLettered();
    }
}
