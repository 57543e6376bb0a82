package io.vnode.executor.adapter.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The cluster's identity, the value of the cluster tag on every instance the executor creates,
 * lists and sweeps: the configured id, else the UID of the {@code kube-system} namespace, which the
 * API server gives each cluster once and which no other cluster shares. Blocking (one API read).
 */
public final class ClusterIdentity {

    static final String NAMESPACE = "kube-system";

    private ClusterIdentity() {
    }

    /**
     * @param configured the configured id; blank: read the namespace UID
     * @throws IllegalStateException when the namespace cannot be read or has no UID (the executor
     *     must not start with an identity another cluster may share)
     */
    public static String resolve(KubernetesClient kube, String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Namespace ns;
        try {
            ns = kube.namespaces().withName(NAMESPACE).get();
        } catch (RuntimeException e) {
            throw new IllegalStateException("no cluster id configured and the namespace " + NAMESPACE
                    + " cannot be read to take its UID: " + e.getMessage(), e);
        }
        if (ns == null || ns.getMetadata() == null || ns.getMetadata().getUid() == null
                || ns.getMetadata().getUid().isBlank()) {
            throw new IllegalStateException("no cluster id configured and the namespace " + NAMESPACE
                    + " has no UID to take as one");
        }
        return ns.getMetadata().getUid();
    }
}
