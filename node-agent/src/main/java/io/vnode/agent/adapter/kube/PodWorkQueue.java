package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.vnode.agent.domain.PodLifecyclePolicy;
import io.vnode.contracts.TraceLogging;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between a pod informer and the slow work of publishing (a synchronous Kafka send per event): the
 * informer's handler only marks the pod's key, and one worker reads the pod from the informer's cache
 * when it gets to the key, as client-go's workqueue does. A pod that changes ten times while it waits is
 * handled once, in its latest state, and what waits is a key, not a pod, so a burst of 50,000 pods costs
 * 50,000 keys rather than every notification with its whole pod. Deletes keep
 * the deleted pod until the worker hands it on (the cache no longer has it); a key's deletes go before
 * its current pod, so a pod re-created under the same name follows the gone of the old one.
 * Thread-safe; one worker thread, so one pod's events keep their order.
 */
final class PodWorkQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PodWorkQueue.class);

    private final BlockingQueue<String> keys = new LinkedBlockingQueue<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<String, Queue<Pod>> deleted = new ConcurrentHashMap<>();
    private final Function<String, Pod> cache;
    private final Consumer<Pod> observed;
    private final Consumer<Pod> gone;
    private final Thread worker;

    /**
     * @param cache the informer's cache by key ({@code namespace/name})
     * @param observed gets the pod as cached, for a key that was added, updated or resynced
     * @param gone gets each deleted pod
     */
    PodWorkQueue(String name, Function<String, Pod> cache, Consumer<Pod> observed, Consumer<Pod> gone) {
        this.cache = cache;
        this.observed = observed;
        this.gone = gone;
        this.worker = new Thread(this::work, name);
        worker.setDaemon(true);
        worker.start();
    }

    /** The pod was added, updated or resynced. Returns at once. */
    void changed(Pod pod) {
        mark(Cache.metaNamespaceKeyFunc(pod));
    }

    /** The pod was deleted. Returns at once. */
    void deleted(Pod pod) {
        String key = Cache.metaNamespaceKeyFunc(pod);
        deleted.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(pod);
        mark(key);
    }

    /** Keys waiting for the worker. */
    int backlog() {
        return queued.size();
    }

    private void mark(String key) {
        if (queued.add(key)) {
            keys.add(key);
        }
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            String key;
            try {
                key = keys.take();
            } catch (InterruptedException e) {
                return;
            }
            queued.remove(key); // before the cache is read: a change from now on marks the key again
            try {
                Queue<Pod> gonePods = deleted.remove(key);
                if (gonePods != null) {
                    gonePods.forEach(p -> traced(p, gone));
                }
                Pod pod = cache.apply(key);
                if (pod != null) {
                    traced(pod, observed);
                }
            } catch (RuntimeException e) {
                LOG.warn("pod {}: {} (the next resync repeats it)", key, e.toString());
            }
        }
    }

    /** Handles the pod with its trace id (derived from its uid, as its events' traceparent) in the log lines. */
    private static void traced(Pod pod, Consumer<Pod> handler) {
        String uid = pod.getMetadata() == null ? null : pod.getMetadata().getUid();
        try (TraceLogging.Scope trace = TraceLogging.of(uid == null ? null : PodLifecyclePolicy.traceparent(uid), "sync pod")) {
            try {
                handler.accept(pod);
            } catch (RuntimeException e) {
                trace.failed(e);
                throw e;
            }
        }
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
