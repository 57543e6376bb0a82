package io.vnode.translator.adapter.kube;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * The cluster DNS address a kubelet gives ClusterFirst pods, found as the ClusterIP of the cluster's DNS
 * Service ({@code kube-system/kube-dns} on ACK and upstream, CoreDNS included). A headless Service, a
 * missing one or a read the API server refuses give nothing: ClusterFirst then runs as Default, with a
 * note on each pod.
 */
public final class ClusterDnsDiscovery {

    private ClusterDnsDiscovery() {
    }

    /** @param service {@code namespace/name} */
    public static Optional<String> find(KubernetesClient client, String service) {
        int slash = service.indexOf('/');
        if (slash <= 0 || slash == service.length() - 1) {
            throw new IllegalArgumentException("vnode.translator.cluster-dns-service must be namespace/name, not '" + service + "'");
        }
        Service s;
        try {
            s = client.services().inNamespace(service.substring(0, slash)).withName(service.substring(slash + 1)).get();
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
        String ip = s == null || s.getSpec() == null ? null : s.getSpec().getClusterIP();
        return ip == null || ip.isBlank() || "None".equals(ip) ? Optional.empty() : Optional.of(ip);
    }
}
