package io.vnode.agent.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.agent.domain.NodeFit;
import java.util.List;

/** Outbound port: what the cluster holds now, read when a pod governed by a ResourcePolicy is admitted. */
public interface PlacementFacts {

    /** The pods of a namespace placed by a policy (labelled with it), terminating ones included. */
    List<Pod> podsOf(String namespace, String policy);

    /** Every ordinary (non-virtual) node with what its pods request. */
    List<NodeFit.NodeState> ordinaryNodes();
}
