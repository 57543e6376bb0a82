package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.vnode.agent.domain.PodLifecyclePolicy;
import java.util.stream.Stream;

/**
 * The pod informer's cache, holding {@link PodLifecyclePolicy#retained} of each pod instead of the whole
 * pod: a running pod's status and spec are read by nothing the agent does later, and at 50,000 pods
 * they would be most of the heap. Every pod stays in it until it is deleted (a full-state store: the
 * informer keeps its add/update/delete semantics and its resyncs). Thread-safe as the informer needs.
 */
final class RetainedPodStore implements ItemStore<Pod> {

    private final BasicItemStore<Pod> pods = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

    @Override
    public String getKey(Pod pod) {
        return pods.getKey(pod);
    }

    @Override
    public Pod put(String key, Pod pod) {
        return pods.put(key, PodLifecyclePolicy.retained(pod));
    }

    @Override
    public Pod remove(String key) {
        return pods.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return pods.keySet();
    }

    @Override
    public Stream<Pod> values() {
        return pods.values();
    }

    @Override
    public int size() {
        return pods.size();
    }

    @Override
    public Pod get(String key) {
        return pods.get(key);
    }
}
