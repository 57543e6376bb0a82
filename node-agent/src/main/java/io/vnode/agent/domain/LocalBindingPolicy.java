package io.vnode.agent.domain;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local binder's scheduling decision, standing in for kube-scheduler where none runs: a pending
 * pod (no nodeName, not deleting, not terminal) that targets the virtual node (nodeSelector
 * {@code type: virtual-kubelet} and a toleration of its taint) goes to the virtual node whose labels
 * satisfy its whole nodeSelector. With several such nodes (zones) the pod uid picks one, stably.
 */
public final class LocalBindingPolicy {

    private LocalBindingPolicy() {
    }

    public static boolean isPending(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        if (pod.getSpec() == null || (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isBlank())) {
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return phase == null || "Pending".equals(phase);
    }

    public static Optional<String> chooseNode(Pod pod, List<VirtualNodeIdentity> nodes) {
        if (!isPending(pod) || !RoutingPolicy.targetsVirtualNode(pod) || RoutingPolicy.isDaemonSetPod(pod)) {
            return Optional.empty();
        }
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        List<VirtualNodeIdentity> fit = nodes.stream()
                .filter(n -> n.labels().entrySet().containsAll(selector.entrySet()))
                .toList();
        if (fit.isEmpty()) {
            return Optional.empty();
        }
        String uid = pod.getMetadata().getUid() == null ? pod.getMetadata().getName() : pod.getMetadata().getUid();
        return Optional.of(fit.get(Math.floorMod(uid.hashCode(), fit.size())).nodeName());
    }
}
