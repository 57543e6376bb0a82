package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vnode.agent.app.PodLifecycleService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One pod informer per virtual node, with the field selector {@code spec.nodeName=<node>}: adds,
 * updates and the informer's periodic resync (every resync period) go to
 * {@link PodLifecycleService#observed}, deletes to {@link PodLifecycleService#gone}, through a
 * {@link PodWorkQueue} (the handler marks the pod, a worker publishes it as the cache holds it). Every replica runs
 * them: publishing is idempotent downstream.
 */
public class PodInformers implements AutoCloseable {

    private final List<SharedIndexInformer<Pod>> informers = new ArrayList<>();
    private final List<PodWorkQueue> queues = new ArrayList<>();
    private final ScheduledExecutorService redelivery = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vnode-pod-redelivery");
        t.setDaemon(true);
        return t;
    });

    public PodInformers(KubernetesClient client, List<String> nodeNames, PodLifecycleService service, Duration resync) {
        for (String node : nodeNames) {
            SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().withField("spec.nodeName", node)
                    .runnableInformer(resync.toMillis());
            informer.itemStore(new RetainedPodStore());
            PodWorkQueue queue = new PodWorkQueue("vnode-pod-events-" + node, key -> informer.getStore().getByKey(key),
                    pod -> service.observed(node, pod), pod -> service.gone(node, pod));
            queues.add(queue);
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    queue.changed(pod);
                }

                @Override
                public void onUpdate(Pod oldPod, Pod newPod) {
                    queue.changed(newPod);
                }

                @Override
                public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                    queue.deleted(pod);
                }
            });
            Informers.startRetrying(informer, "pods on " + node);
            informers.add(informer);
        }
        long every = Math.min(resync.toMillis(), 30_000);
        redelivery.scheduleWithFixedDelay(service::redeliverUndelivered, every, every, TimeUnit.MILLISECONDS);
    }

    /** Hands every pod the informers hold to the lifecycle service again, as a resync does. Returns at once. */
    public void observeAll() {
        for (int i = 0; i < informers.size(); i++) {
            PodWorkQueue queue = queues.get(i);
            informers.get(i).getStore().list().forEach(queue::changed);
        }
    }

    /** Every pod bound to this agent's virtual nodes, as the informers have them now. */
    public List<Pod> pods() {
        List<Pod> pods = new ArrayList<>();
        informers.forEach(i -> pods.addAll(i.getStore().list()));
        return pods;
    }

    public boolean synced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public void close() {
        redelivery.shutdownNow();
        informers.forEach(SharedIndexInformer::close);
        queues.forEach(PodWorkQueue::close);
    }

    /** The pod as a JSON-like map without status and managedFields: the manifest PodBound carries. */
    public static Map<String, Object> manifestOf(KubernetesSerialization serialization, Pod pod) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = serialization.convertValue(pod, LinkedHashMap.class);
        map.remove("status");
        if (map.get("metadata") instanceof Map<?, ?> metadata) {
            metadata.remove("managedFields");
        }
        return map;
    }
}
