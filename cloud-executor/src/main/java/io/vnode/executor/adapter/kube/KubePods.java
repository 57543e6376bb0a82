package io.vnode.executor.adapter.kube;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.executor.app.PodDirectory;
import io.vnode.executor.domain.OrphanSweeper.LivePod;
import java.util.HashMap;
import java.util.Map;

/** Pod lookups for the executor (blocking, fabric8; thread-safe). */
public class KubePods implements PodDirectory {

    private final KubernetesClient kube;

    public KubePods(KubernetesClient kube) {
        this.kube = kube;
    }

    /**
     * Whether this pod incarnation (same uid) still exists. An API failure answers true: a command
     * keeps retrying rather than being dropped on an unreadable API server.
     */
    @Override
    public boolean exists(PodRef pod) {
        try {
            Pod p = kube.pods().inNamespace(pod.namespace()).withName(pod.name()).get();
            return p != null && pod.uid().equals(p.getMetadata().getUid());
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** The pod's annotations (same uid); empty when it has none, is gone, or the API cannot be read. */
    @Override
    public Map<String, String> annotations(PodRef pod) {
        try {
            Pod p = kube.pods().inNamespace(pod.namespace()).withName(pod.name()).get();
            if (p == null || !pod.uid().equals(p.getMetadata().getUid()) || p.getMetadata().getAnnotations() == null) {
                return Map.of();
            }
            return Map.copyOf(p.getMetadata().getAnnotations());
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** Pods per list request: a cluster's pods are read in pages, never all in one answer. */
    static final long PAGE = 500;

    /**
     * Every pod of the cluster by uid, read in pages of {@value #PAGE} (one answer of 50,000 pods ran the
     * executor out of heap); throws when the API server cannot be read.
     */
    @Override
    public Map<String, LivePod> livePods() {
        Map<String, LivePod> pods = new HashMap<>();
        String next = null;
        do {
            PodList page = kube.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
            page.getItems().forEach(p -> add(pods, p));
            next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
        return pods;
    }

    private static void add(Map<String, LivePod> pods, Pod p) {
        var md = p.getMetadata();
        if (md == null || md.getUid() == null) {
            return;
        }
        Map<String, String> ann = md.getAnnotations() == null ? Map.of() : md.getAnnotations();
        String instanceId = Keys.instanceIdOf(ann);
        String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
        pods.put(md.getUid(), new LivePod(new PodRef(md.getNamespace(), md.getName(), md.getUid()),
                node == null ? "" : node, instanceId, md.getDeletionTimestamp() != null));
    }
}
