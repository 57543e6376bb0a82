package io.vnode.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.vnode.contracts.Keys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VirtualNodeSpecTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123Z");
    private final VirtualNodeSpec spec = new VirtualNodeSpec(new VirtualNodeIdentity("cn-hangzhou", "cn-hangzhou-k", null, null),
            NodeResources.defaults(), new NodeSystemInfo("v1.32.4-vnode", "0.1.0", "10.0.0.7", 10250));

    @Test
    void aReservationsNodeIsTaintedSoOnlyGpuHpnPodsLandThere() {
        VirtualNodeSpec reserved = new VirtualNodeSpec(new VirtualNodeIdentity("cn-hangzhou", "cn-hangzhou-k", null, null, "crp-1"),
                NodeResources.defaults(), new NodeSystemInfo("v1.32.4-vnode", "0.1.0", "10.0.0.7", 10250));
        Node node = reserved.desiredNode(NodeHealth.healthy(), T0);
        assertThat(node.getSpec().getTaints()).extracting(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect())
                .containsExactly("virtual-kubelet.io/provider=alibabacloud:NoSchedule", "alibabacloud.com/node-type=reserved:NoSchedule");
        // merged into the existing node: ours replaced, not duplicated
        assertThat(reserved.mergeInto(node, NodeHealth.healthy()).getSpec().getTaints()).hasSize(2);
    }

    @Test
    void desiredNodeCarriesTheSeedLabelsTaintCapacityAndEndpoint() {
        Node node = spec.desiredNode(NodeHealth.healthy(), T0);
        assertThat(node.getMetadata().getName()).isEqualTo("virtual-kubelet-cn-hangzhou-k");
        assertThat(node.getMetadata().getLabels()).containsEntry("type", "virtual-kubelet")
                .containsEntry("service.alibabacloud.com/exclude-node", "true").hasSize(9);
        assertThat(node.getSpec().getTaints()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("virtual-kubelet.io/provider");
            assertThat(t.getValue()).isEqualTo("alibabacloud");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(node.getStatus().getCapacity()).containsEntry("pods", new Quantity("50000"))
                .containsKeys("cpu", "memory", "nvidia.com/gpu", "ephemeral-storage");
        assertThat(node.getStatus().getAllocatable()).isEqualTo(node.getStatus().getCapacity());
        assertThat(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(10250);
        assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.4-vnode");
        assertThat(node.getStatus().getNodeInfo().getArchitecture()).isEqualTo("amd64");
        assertThat(node.getStatus().getNodeInfo().getOperatingSystem()).isEqualTo("linux");
        assertThat(node.getStatus().getAddresses()).extracting(a -> a.getType() + "=" + a.getAddress())
                .containsExactly("InternalIP=10.0.0.7", "Hostname=virtual-kubelet-cn-hangzhou-k");
        assertThat(node.getStatus().getConditions()).extracting(NodeCondition::getType)
                .containsExactlyElementsOf(VirtualNodeSpec.CONDITION_TYPES);
    }

    @org.junit.jupiter.api.Test
    void aRefusedAccessKeyIsAConditionAndATaintNeverNotReady() {
        NodeHealth health = new NodeHealth(null, null, "the cloud refused AccessKey AK-1: InvalidAccessKeyId.NotFound");
        List<NodeCondition> conditions = spec.desiredStatus(health, T0, List.of()).getConditions();
        assertThat(ready(conditions).getStatus()).isEqualTo("True");
        NodeCondition path = condition(conditions, "ControlPathAvailable");
        assertThat(path.getStatus()).isEqualTo("False");
        assertThat(path.getReason()).isEqualTo("CloudCredentialsRejected");
        assertThat(path.getMessage()).contains("the cloud refuses the AccessKey", "InvalidAccessKeyId.NotFound", "running instances are unaffected");
        assertThat(spec.desiredNode(health, T0).getSpec().getTaints()).anySatisfy(t -> {
            assertThat(t.getKey()).isEqualTo("vnode.alibabacloud.com/control-path-unavailable");
            assertThat(t.getValue()).isEqualTo("CloudCredentialsRejected");
        });
        assertThat(new NodeHealth("timeout", null, "refused").reason()).as("Kafka's trouble named first").isEqualTo("KafkaUnreachable");
    }

    @ParameterizedTest(name = "kafka={0} cloud={1} -> ControlPathAvailable={2} {3}, taints {4}")
    @CsvSource(nullValues = "null", value = {
        "null,    null,    True,  KafkaAndCloudApiReachable,   virtual-kubelet.io/provider",
        "timeout, null,    False, KafkaUnreachable,            virtual-kubelet.io/provider vnode.alibabacloud.com/control-path-unavailable",
        "null,    refused, False, CloudApiUnreachable,         virtual-kubelet.io/provider vnode.alibabacloud.com/control-path-unavailable",
        "timeout, refused, False, KafkaAndCloudApiUnreachable, virtual-kubelet.io/provider vnode.alibabacloud.com/control-path-unavailable"
    })
    void anUnreachableControlPathIsAConditionAndATaintNeverNotReady(String kafka, String cloud, String status, String reason,
                                                                     String taints) {
        NodeHealth health = new NodeHealth(kafka, cloud);
        List<NodeCondition> conditions = spec.desiredStatus(health, T0, List.of()).getConditions();
        // NotReady would have every pod evicted (and its instance deleted) by the node lifecycle controller
        assertThat(ready(conditions).getStatus()).isEqualTo("True");
        assertThat(ready(conditions).getReason()).isEqualTo("KubeletReady");
        NodeCondition path = condition(conditions, "ControlPathAvailable");
        assertThat(path.getStatus()).isEqualTo(status);
        assertThat(path.getReason()).isEqualTo(reason);
        if (kafka != null) {
            assertThat(path.getMessage()).contains("Kafka cannot be reached (" + kafka + ")");
            assertThat(ready(conditions).getMessage()).contains("running instances are unaffected");
        }
        if (cloud != null) {
            assertThat(path.getMessage()).contains("cloud API cannot be reached (" + cloud + ")");
        }
        assertThat(spec.desiredNode(health, T0).getSpec().getTaints()).extracting(t -> t.getKey() + ":" + t.getEffect())
                .containsExactlyElementsOf(java.util.Arrays.stream(taints.split(" ")).map(k -> k + ":NoSchedule").toList());
    }

    @Test
    void transitionTimeIsKeptWhileTheStatusHoldsAndMovesWhenItChanges() {
        List<NodeCondition> first = spec.desiredStatus(NodeHealth.healthy(), T0, List.of()).getConditions();
        Instant t1 = T0.plusSeconds(60);
        List<NodeCondition> same = spec.desiredStatus(NodeHealth.healthy(), t1, first).getConditions();
        assertThat(ready(same).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(ready(same).getLastHeartbeatTime()).isEqualTo("2026-01-01T10:01:00Z");
        List<NodeCondition> down = spec.desiredStatus(new NodeHealth("x", null), t1, same).getConditions();
        assertThat(ready(down).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(condition(first, "ControlPathAvailable").getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(condition(down, "ControlPathAvailable").getLastTransitionTime()).isEqualTo("2026-01-01T10:01:00Z");
    }

    @Test
    void mergeKeepsForeignLabelsAndTaintsButReplacesOurs() {
        Node existing = new NodeBuilder().withNewMetadata().withName("virtual-kubelet-cn-hangzhou-k")
                .withLabels(Map.of("team", "a", "type", "tampered")).endMetadata()
                .withNewSpec().withTaints(new TaintBuilder().withKey("other").withEffect("NoExecute").build(),
                        new TaintBuilder().withKey(Keys.TAINT_KEY).withValue("azure").withEffect("NoSchedule").build()).endSpec()
                .build();
        Node merged = spec.mergeInto(existing, new NodeHealth("timeout", null));
        assertThat(merged.getMetadata().getLabels()).containsEntry("team", "a").containsEntry("type", "virtual-kubelet");
        assertThat(merged.getSpec().getTaints()).extracting(t -> t.getKey() + "=" + t.getValue())
                .containsExactly("other=null", "virtual-kubelet.io/provider=alibabacloud",
                        "vnode.alibabacloud.com/control-path-unavailable=KafkaUnreachable");
        // and once the control path is back, its taint goes
        assertThat(spec.mergeInto(merged, NodeHealth.healthy()).getSpec().getTaints()).extracting(t -> t.getKey() + "=" + t.getValue())
                .containsExactly("other=null", "virtual-kubelet.io/provider=alibabacloud");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "null, null, 0,      null, cpu=10000 pods=50000 gpu=1000",
        "64,   256Gi, 1000,  0,    cpu=64 pods=1000 gpu=none",
        "2k,   4Ti,  200000, 8,    cpu=2k pods=200000 gpu=8"
    })
    void capacityIsConfigurable(String cpu, String memory, long pods, String gpu, String expected) {
        Map<String, Quantity> q = new NodeResources(cpu, memory, pods, gpu, null).asQuantities();
        String actual = "cpu=" + q.get("cpu") + " pods=" + q.get("pods") + " gpu="
                + (q.containsKey("nvidia.com/gpu") ? q.get("nvidia.com/gpu").toString() : "none");
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void aBadQuantityIsRefusedAtStartup() {
        assertThatThrownBy(() -> new NodeResources("lots", null, 0, null, null)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> new NodeSystemInfo(null, null, null, 70000)).isInstanceOf(IllegalArgumentException.class);
    }

    private static NodeCondition ready(List<NodeCondition> conditions) {
        return condition(conditions, "Ready");
    }

    private static NodeCondition condition(List<NodeCondition> conditions, String type) {
        return conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }
}
