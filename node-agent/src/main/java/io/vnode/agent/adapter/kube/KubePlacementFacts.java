package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.agent.app.PlacementFacts;
import io.vnode.agent.domain.NodeFit;
import io.vnode.agent.domain.PolicyPlacement;
import io.vnode.contracts.Keys;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct reads, at the moment a policy pod is admitted: the policy's pods (one LIST by label), the
 * ordinary nodes (one LIST) and each one's pods (one LIST per node, by field selector). Nothing is
 * cached: the decision is about the room there is now.
 */
public class KubePlacementFacts implements PlacementFacts {

    private final KubernetesClient client;

    public KubePlacementFacts(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public List<Pod> podsOf(String namespace, String policy) {
        return client.pods().inNamespace(namespace).withLabel(PolicyPlacement.LABEL_POLICY, PolicyPlacement.labelValue(policy))
                .list().getItems();
    }

    @Override
    public List<NodeFit.NodeState> ordinaryNodes() {
        List<NodeFit.NodeState> out = new ArrayList<>();
        for (Node node : client.nodes().withoutLabel(Keys.NODE_LABEL_TYPE, Keys.NODE_TYPE_VIRTUAL_KUBELET).list().getItems()) {
            List<Pod> pods = client.pods().inAnyNamespace().withField("spec.nodeName", node.getMetadata().getName()).list().getItems();
            out.add(NodeFit.NodeState.of(node, pods));
        }
        return out;
    }
}
