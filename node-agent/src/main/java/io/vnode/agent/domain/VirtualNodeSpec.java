package io.vnode.agent.domain;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.vnode.contracts.Keys;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired Node object of one zone's virtual node: labels of {@link VirtualNodeIdentity}, the
 * {@code virtual-kubelet.io/provider=alibabacloud:NoSchedule} taint, capacity, conditions, nodeInfo,
 * daemon endpoint and addresses. Pure: the adapter writes what this computes.
 */
public record VirtualNodeSpec(VirtualNodeIdentity identity, NodeResources resources, NodeSystemInfo info) {

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final List<String> CONDITION_TYPES =
            List.of("Ready", NodeHealth.CONDITION, "MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable");

    public String nodeName() {
        return identity.nodeName();
    }

    /** Set while the control path is unavailable: new pods wait Pending, told why by the scheduler. */
    public static final String CONTROL_PATH_TAINT_KEY = "vnode.alibabacloud.com/control-path-unavailable";

    public static Taint taint() {
        return new TaintBuilder().withKey(Keys.TAINT_KEY).withValue(Keys.TAINT_VALUE).withEffect(NO_SCHEDULE).build();
    }

    /**
     * Taken by reserved nodes: only {@code compute-class: gpu-hpn} pods tolerate it (the webhook adds the
     * toleration to them), so no other pod lands on a capacity reservation.
     */
    public static Taint reservedTaint() {
        return new TaintBuilder().withKey(Keys.LABEL_NODE_TYPE).withValue(VirtualNodeIdentity.NODE_TYPE_RESERVED).withEffect(NO_SCHEDULE).build();
    }

    /**
     * The node's own taints: the provider taint, the reserved taint on a reservation's node, and the
     * control-path taint while Kafka or the cloud API is out.
     */
    public List<Taint> taints(NodeHealth health) {
        List<Taint> taints = new ArrayList<>();
        taints.add(taint());
        if (identity.reserved()) {
            taints.add(reservedTaint());
        }
        if (!health.controlPathAvailable()) {
            taints.add(new TaintBuilder().withKey(CONTROL_PATH_TAINT_KEY).withValue(health.reason()).withEffect(NO_SCHEDULE).build());
        }
        return taints;
    }

    /** The whole node to create: metadata, spec and status. */
    public Node desiredNode(NodeHealth health, Instant now) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(nodeName())
                .withLabels(new LinkedHashMap<>(identity.labels()))
                .endMetadata()
                .withNewSpec()
                .withTaints(taints(health))
                .endSpec()
                .withStatus(desiredStatus(health, now, List.of()))
                .build();
    }

    /**
     * Labels and taints merged into an existing node: ours win for our keys, anything else an operator
     * added stays.
     */
    public Node mergeInto(Node existing, NodeHealth health) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (existing.getMetadata().getLabels() != null) {
            labels.putAll(existing.getMetadata().getLabels());
        }
        labels.putAll(identity.labels());
        List<Taint> taints = new ArrayList<>();
        if (existing.getSpec() != null && existing.getSpec().getTaints() != null) {
            existing.getSpec().getTaints().stream()
                    .filter(t -> !Keys.TAINT_KEY.equals(t.getKey()) && !CONTROL_PATH_TAINT_KEY.equals(t.getKey())
                            && !Keys.LABEL_NODE_TYPE.equals(t.getKey()))
                    .forEach(taints::add);
        }
        taints.addAll(taints(health));
        return new NodeBuilder(existing)
                .editMetadata().withLabels(labels).endMetadata()
                .editOrNewSpec().withTaints(taints).endSpec()
                .build();
    }

    /**
     * The status to write. Every condition is written whole on every update (no three-way patch of
     * conditions, whose stale base left virtual-kubelet nodes NotReady for good, VK#956);
     * lastTransitionTime is kept from {@code previous} when the status did not change.
     */
    /** The node feature (Kubernetes 1.36, NodeDeclaredFeatures) by which the node serves exec over WebSocket. */
    public static final String EXEC_OVER_WEBSOCKET = "ExtendWebSocketsToKubelet";

    public NodeStatus desiredStatus(NodeHealth health, Instant now, List<NodeCondition> previous) {
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        List<NodeCondition> conditions = new ArrayList<>();
        // Ready says the agent is alive and the instances run; the control path has its own condition
        conditions.add(condition("Ready", "True", NodeHealth.REASON_READY, health.controlPathAvailable()
                ? "virtual kubelet is posting ready status"
                : "virtual kubelet is posting ready status; running instances are unaffected, new pods wait: " + health.message(),
                at, previous));
        conditions.add(condition(NodeHealth.CONDITION, health.controlPathAvailable() ? "True" : "False", health.reason(),
                health.message(), at, previous));
        conditions.add(condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                "a virtual node has no memory of its own: each pod gets its own instance", at, previous));
        conditions.add(condition("DiskPressure", "False", "KubeletHasNoDiskPressure",
                "a virtual node has no disk of its own: each pod gets its own instance", at, previous));
        conditions.add(condition("PIDPressure", "False", "KubeletHasSufficientPID",
                "a virtual node has no process table of its own: each pod gets its own instance", at, previous));
        conditions.add(condition("NetworkUnavailable", "False", "VpcNetworkReady",
                "pods get addresses from the cluster's VPC vSwitches", at, previous));
        List<NodeAddress> addresses = new ArrayList<>();
        if (info.internalIp() != null && !info.internalIp().isBlank()) {
            addresses.add(new NodeAddress(info.internalIp(), "InternalIP"));
        }
        addresses.add(new NodeAddress(nodeName(), "Hostname"));
        return new NodeStatusBuilder()
                .withCapacity(resources.asQuantities())
                .withAllocatable(resources.asQuantities())
                .withConditions(conditions)
                .withAddresses(addresses)
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(info.kubeletPort()).endKubeletEndpoint().endDaemonEndpoints()
                // the API server then proxies kubectl's exec WebSocket to the node as it is, instead of translating it to SPDY
                .withDeclaredFeatures(List.of(EXEC_OVER_WEBSOCKET))
                .withNewNodeInfo()
                .withArchitecture(identity.arch())
                .withOperatingSystem(identity.os())
                .withKubeletVersion(info.kubeletVersion())
                .withKubeProxyVersion("")
                .withOsImage("Alibaba Cloud " + "ECI/ACS serverless instances")
                .withKernelVersion("")
                .withContainerRuntimeVersion("vnode://" + info.agentVersion())
                .withMachineID(nodeName())
                .withSystemUUID(nodeName())
                .withBootID("")
                .endNodeInfo()
                .build();
    }

    private static NodeCondition condition(String type, String status, String reason, String message, String at,
                                           List<NodeCondition> previous) {
        String transition = previous.stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(NodeCondition::getLastTransitionTime)
                .findFirst()
                .orElse(at);
        return new NodeConditionBuilder()
                .withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(at).withLastTransitionTime(transition)
                .build();
    }
}
