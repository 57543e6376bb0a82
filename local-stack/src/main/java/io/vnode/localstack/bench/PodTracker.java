package io.vnode.localstack.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vnode.contracts.Keys;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows the burst's pods through an informer and stamps, per pod uid, when it was created, when it
 * first had an instance, when it first showed Running (or another terminal phase), and when it was
 * gone: the client-side half of the latency figures.
 */
public final class PodTracker implements AutoCloseable {

    public enum State { PENDING, CREATED, RUNNING, FAILED, GONE }

    public static final class Stamps {
        public volatile String name;
        public volatile long createdAt;
        public volatile long instanceAt;
        public volatile long runningAt;
        public volatile long goneAt;
        public volatile String instanceId;
        public volatile State state = State.PENDING;
    }

    private final Map<String, Stamps> byUid = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Pod> informer;

    public PodTracker(KubernetesClient client, String namespace, String labelKey, String labelValue) {
        informer = client.pods().inNamespace(namespace).withLabel(labelKey, labelValue).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                observe(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                observe(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                Stamps s = stamps(pod);
                s.goneAt = System.currentTimeMillis();
                s.state = State.GONE;
            }
        }, 0);
    }

    /** Records the client-side creation time of a pod (before the informer may see it). */
    public void created(String uid, String name, long at) {
        Stamps s = byUid.computeIfAbsent(uid, u -> new Stamps());
        s.name = name;
        s.createdAt = at;
    }

    private Stamps stamps(Pod pod) {
        Stamps s = byUid.computeIfAbsent(pod.getMetadata().getUid(), u -> new Stamps());
        s.name = pod.getMetadata().getName();
        return s;
    }

    private void observe(Pod pod) {
        Stamps s = stamps(pod);
        long now = System.currentTimeMillis();
        Map<String, String> a = pod.getMetadata().getAnnotations();
        String instance = Keys.instanceIdOf(a);
        if (instance != null && s.instanceAt == 0) {
            s.instanceAt = now;
            s.instanceId = instance;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Running".equals(phase) || "Succeeded".equals(phase)) {
            if (s.runningAt == 0) {
                s.runningAt = now;
            }
            s.state = State.RUNNING;
        } else if ("Failed".equals(phase)) {
            s.state = State.FAILED;
        } else if (instance != null && s.state == State.PENDING) {
            s.state = State.CREATED;
        }
    }

    public Map<String, Stamps> stamps() {
        return byUid;
    }

    public Map<State, Integer> counts() {
        Map<State, Integer> counts = new EnumMap<>(State.class);
        for (State st : State.values()) {
            counts.put(st, 0);
        }
        byUid.values().forEach(s -> counts.merge(s.state, 1, Integer::sum));
        return counts;
    }

    @Override
    public void close() {
        informer.close();
    }
}
