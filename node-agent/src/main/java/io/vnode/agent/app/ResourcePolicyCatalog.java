package io.vnode.agent.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.agent.domain.ResourcePolicy;
import java.util.List;
import java.util.Optional;

/** Outbound port: the ResourcePolicies of a namespace and the policy a pod's workload names. */
public interface ResourcePolicyCatalog {

    /** The namespace's policies as parsed (invalid ones too); empty when it has none. */
    List<ResourcePolicy.Parsed> inNamespace(String namespace);

    /** The {@code resourcePolicy} annotation of the workload that owns the pod (ReplicaSet, StatefulSet, Job), if any. */
    Optional<String> workloadBinding(Pod pod);
}
