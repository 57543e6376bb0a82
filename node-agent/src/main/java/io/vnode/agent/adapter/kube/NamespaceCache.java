package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vnode.agent.app.NamespaceLabels;
import java.util.Map;

/** Namespace labels from a namespace informer; a direct GET when the informer has not seen it yet. */
public class NamespaceCache implements NamespaceLabels, AutoCloseable {

    private final KubernetesClient client;
    private final SharedIndexInformer<Namespace> informer;

    public NamespaceCache(KubernetesClient client) {
        this.client = client;
        this.informer = Informers.startRetrying(client.namespaces().runnableInformer(0), "namespaces");
    }

    @Override
    public Map<String, String> labelsOf(String namespace) {
        if (namespace == null || namespace.isBlank()) {
            return Map.of();
        }
        Namespace ns = informer.getStore().getByKey(namespace);
        if (ns == null) {
            try {
                ns = client.namespaces().withName(namespace).get();
            } catch (KubernetesClientException e) {
                return Map.of();
            }
        }
        return ns == null || ns.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(ns.getMetadata().getLabels());
    }

    @Override
    public void close() {
        informer.close();
    }
}
