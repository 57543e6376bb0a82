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
 * ResourcePolicies from an informer over every namespace. A pod that names {@code ack-co-scheduler} or a
 * policy by its workload's annotation, and finds none in the informer's store, is checked with a direct
 * LIST: a policy applied a moment before its Deployment may not have reached the store yet. The owning
 * workload is read only in namespaces that have policies.
 */
public class KubeResourcePolicies implements ResourcePolicyCatalog, AutoCloseable {

    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(ResourcePolicy.GROUP).withVersion(ResourcePolicy.VERSION).withKind(ResourcePolicy.KIND)
            .withPlural(ResourcePolicy.PLURAL).withNamespaced(true).build();

    private final KubernetesClient client;
    private final SharedIndexInformer<GenericKubernetesResource> informer;

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
            try {
                items = client.genericKubernetesResources(CONTEXT).inNamespace(namespace).list().getItems();
            } catch (KubernetesClientException e) {
                return List.of(); // no CRD, or no answer: no policy applies
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
