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
    void desiredNodeCarriesTheSeedLabelsTaintCapacityAndEndpoint() {
        Node node = spec.desiredNode(NodeHealth.healthy(), T0);
        assertThat(node.getMetadata().getName()).isEqualTo("virtual-kubelet-cn-hangzhou-k");
        assertThat(node.getMetadata().getLabels()).containsEntry("type", "virtual-kubelet")
                .containsEntry("service.alibabacloud.com/exclude-node", "true").hasSize(8);
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

    @ParameterizedTest(name = "kafka={0} cloud={1} -> Ready={2} {3}")
    @CsvSource(nullValues = "null", value = {
        "null,    null,    True,  KubeletReady",
        "timeout, null,    False, KafkaUnreachable",
        "null,    refused, False, CloudApiUnreachable",
        "timeout, refused, False, KafkaAndCloudApiUnreachable"
    })
    void readyFollowsWhatTheAgentCanReach(String kafka, String cloud, String status, String reason) {
        NodeCondition ready = ready(spec.desiredStatus(new NodeHealth(kafka, cloud), T0, List.of()).getConditions());
        assertThat(ready.getStatus()).isEqualTo(status);
        assertThat(ready.getReason()).isEqualTo(reason);
        if (kafka != null) {
            assertThat(ready.getMessage()).contains("Kafka cannot be reached (" + kafka + ")");
        }
        if (cloud != null) {
            assertThat(ready.getMessage()).contains("cloud API cannot be reached (" + cloud + ")");
        }
    }

    @Test
    void transitionTimeIsKeptWhileTheStatusHoldsAndMovesWhenItChanges() {
        List<NodeCondition> first = spec.desiredStatus(NodeHealth.healthy(), T0, List.of()).getConditions();
        Instant t1 = T0.plusSeconds(60);
        List<NodeCondition> same = spec.desiredStatus(NodeHealth.healthy(), t1, first).getConditions();
        assertThat(ready(same).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(ready(same).getLastHeartbeatTime()).isEqualTo("2026-01-01T10:01:00Z");
        List<NodeCondition> down = spec.desiredStatus(new NodeHealth("x", null), t1, same).getConditions();
        assertThat(ready(down).getLastTransitionTime()).isEqualTo("2026-01-01T10:01:00Z");
    }

    @Test
    void mergeKeepsForeignLabelsAndTaintsButReplacesOurs() {
        Node existing = new NodeBuilder().withNewMetadata().withName("virtual-kubelet-cn-hangzhou-k")
                .withLabels(Map.of("team", "a", "type", "tampered")).endMetadata()
                .withNewSpec().withTaints(new TaintBuilder().withKey("other").withEffect("NoExecute").build(),
                        new TaintBuilder().withKey(Keys.TAINT_KEY).withValue("azure").withEffect("NoSchedule").build()).endSpec()
                .build();
        Node merged = spec.mergeInto(existing);
        assertThat(merged.getMetadata().getLabels()).containsEntry("team", "a").containsEntry("type", "virtual-kubelet");
        assertThat(merged.getSpec().getTaints()).extracting(t -> t.getKey() + "=" + t.getValue())
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
        return conditions.stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
    }
}
