package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vnode.agent.app.ResourcePolicyCatalog;
import io.vnode.agent.domain.ResourcePolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ResourcePolicies from an informer over every namespace. A namespace with none in the informer's store is
 * checked with a direct LIST: a policy applied a moment before its Deployment may not have reached the store
 * yet. A LIST that found none is trusted for {@link #NONE_TTL} in that namespace (a burst of pods in a
 * namespace without policies costs a LIST every 2 s, not one per pod; a policy created within that window is
 * still seen as soon as the informer has it). The owning workload is read only in namespaces that have policies.
 */
public class KubeResourcePolicies implements ResourcePolicyCatalog, AutoCloseable {

    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(ResourcePolicy.GROUP).withVersion(ResourcePolicy.VERSION).withKind(ResourcePolicy.KIND)
            .withPlural(ResourcePolicy.PLURAL).withNamespaced(true).build();

    /** How long a LIST that found no policy in a namespace is trusted. */
    static final java.time.Duration NONE_TTL = java.time.Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final SharedIndexInformer<GenericKubernetesResource> informer;
    private final Map<String, Long> noneUntil = new java.util.concurrent.ConcurrentHashMap<>();

    public KubeResourcePolicies(KubernetesClient client) {
        this.client = client;
        this.informer = Informers.startRetrying(client.genericKubernetesResources(CONTEXT).inAnyNamespace().runnableInformer(0),
                "resourcepolicies");
    }

    @Override
    public List<ResourcePolicy.Parsed> inNamespace(String namespace) {
        List<GenericKubernetesResource> items = informer.getStore().list().stream()
                .filter(r -> namespace.equals(r.getMetadata().getNamespace())).toList();
        if (items.isEmpty()) {
            Long until = noneUntil.get(namespace);
            long now = System.nanoTime();
            if (until != null && now - until < 0) {
                return List.of();
            }
            try {
                items = client.genericKubernetesResources(CONTEXT).inNamespace(namespace).list().getItems();
            } catch (KubernetesClientException e) {
                return List.of(); // no CRD, or no answer: no policy applies
            }
            if (items.isEmpty()) {
                if (noneUntil.size() > 10_000) {
                    noneUntil.clear();
                }
                noneUntil.put(namespace, now + NONE_TTL.toNanos());
            } else {
                noneUntil.remove(namespace);
            }
        }
        return items.stream().sorted(java.util.Comparator.comparing(r -> r.getMetadata().getName()))
                .map(r -> ResourcePolicy.parse(namespace, r.getMetadata().getName(), r.getAdditionalProperties().get("spec")))
                .toList();
    }

    @Override
    public Optional<String> workloadBinding(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        if (owners == null) {
            return Optional.empty();
        }
        for (OwnerReference o : owners) {
            if (!Boolean.TRUE.equals(o.getController())) {
                continue;
            }
            HasMetadata owner;
            try {
                owner = switch (o.getKind()) {
                    // a Deployment's annotations are copied onto its ReplicaSets
                    case "ReplicaSet" -> client.apps().replicaSets().inNamespace(pod.getMetadata().getNamespace()).withName(o.getName()).get();
                    case "StatefulSet" -> client.apps().statefulSets().inNamespace(pod.getMetadata().getNamespace()).withName(o.getName()).get();
                    case "Job" -> client.batch().v1().jobs().inNamespace(pod.getMetadata().getNamespace()).withName(o.getName()).get();
                    default -> null;
                };
            } catch (KubernetesClientException e) {
                owner = null;
            }
            Map<String, String> annotations = owner == null ? null : owner.getMetadata().getAnnotations();
            String name = annotations == null ? null : annotations.get(ResourcePolicy.WORKLOAD_ANNOTATION);
            if (name != null && !name.isBlank()) {
                return Optional.of(name.trim());
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        informer.close();
    }
}
