package io.vnode.translator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.contracts.pod.RejectionReason;
import io.vnode.localkube.PodFixtures;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod of the seed documents translates as the documents say. One row per scenario of
 * {@link PodFixtures#seedScenarios()}: compute type, class, QoS, GPU model, the spec (ACS: the value
 * the docs show in alibabacloud.com/pod-use-spec), restart policy.
 *
 * <p>Seed 000 shows {@code pod-use-spec: 2-4Gi} for nginx with cpu 2 and no memory; seed 001 shows
 * {@code 2-2Gi} for the same resources. The translator follows seed 000, the documented 2C/4G
 * default and its 1:2 ratio (vnode.translator.memory-gib-per-cpu = 2); a region that behaves like
 * seed 001 sets the ratio to 1 (asserted below).
 *
 * <p>Seed 003's ResourcePolicy nginx carries no eci/acs label and no compute class: the replicas the
 * policy overflows to the virtual node run on ECI, the virtual node's default (seeds 000 and 001).
 */
class SeedScenariosTest {

    private static final Map<String, String> ECI_NAMESPACE = Map.of(Keys.LABEL_ECI, "true");

    record Expect(ComputeType type, String computeClass, String qos, String gpuModel, String spec, Integer gpu,
                  String restartPolicy) {
    }

    static Stream<Arguments> seeds() {
        Map<String, Expect> expected = Map.ofEntries(
                Map.entry("nginx-acs-by-node-selector", new Expect(ComputeType.ACS, "general-purpose", "default", null, "2-4Gi", null, "Always")),
                Map.entry("nginx-acs-by-label", new Expect(ComputeType.ACS, "general-purpose", "default", null, "2-4Gi", null, "Always")),
                Map.entry("nginx-acs-registered-cluster", new Expect(ComputeType.ACS, "general-purpose", "default", null, "2-4Gi", null, "Always")),
                Map.entry("gpu-by-node-selector", new Expect(ComputeType.ACS, "gpu", "default", "example-model", "1-1Gi", 1, "Always")),
                Map.entry("gpu-by-resource-policy", new Expect(ComputeType.ACS, "gpu", "default", "example-model", "1-1Gi", 1, "Always")),
                Map.entry("gpu-by-acs-label", new Expect(ComputeType.ACS, "gpu", "default", "example-model", "1-1Gi", 1, "Always")),
                Map.entry("gpu-hpn-reserved", new Expect(ComputeType.ACS, "gpu-hpn", "default", null, "1-1Gi", 1, "Always")),
                Map.entry("cuda-vectoradd", new Expect(ComputeType.ECI, null, null, null, "ecs.gn5-c4g1.xlarge", 1, "Never")),
                Map.entry("eci-label-2-4gi", new Expect(ComputeType.ECI, null, null, null, "2-4Gi", null, "Always")),
                Map.entry("eci-namespace-2-4gi", new Expect(ComputeType.ECI, null, null, null, "2-4Gi", null, "Always")),
                Map.entry("nginx-eci-by-resource-policy", new Expect(ComputeType.ECI, null, null, null, "2-4Gi", null, "Always")));
        Map<String, Pod> pods = PodFixtures.seedScenarios();
        assertThat(expected.keySet()).as("a row for every seed scenario").containsExactlyInAnyOrderElementsOf(pods.keySet());
        return pods.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue(), expected.get(e.getKey())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void everySeedScenarioIsAccepted(String scenario, Pod pod, Expect expect) {
        Map<String, String> nsLabels = scenario.startsWith("eci-namespace") ? ECI_NAMESPACE : Map.of();
        Translation t = PodTranslator.translate(pod, nsLabels, Pods.CTX);
        assertThat(t).as(scenario + ": " + t).isInstanceOf(Translation.Accepted.class);
        Translation.Accepted a = (Translation.Accepted) t;
        InstanceRequest r = a.request();
        assertThat(r.computeType()).isEqualTo(expect.type());
        assertThat(r.computeClass()).isEqualTo(expect.computeClass());
        assertThat(r.computeQos()).isEqualTo(expect.qos());
        assertThat(r.gpuModelSeries()).isEqualTo(expect.gpuModel());
        assertThat(r.specs()).hasSize(1);
        assertThat(r.specs().get(0).name()).isEqualTo(expect.spec());
        assertThat(r.specs().get(0).gpu()).isEqualTo(expect.gpu());
        assertThat(a.podUseSpec()).isEqualTo(expect.spec());
        assertThat(r.restartPolicy()).isEqualTo(expect.restartPolicy());
        assertThat(r.clientToken()).isEqualTo(pod.getMetadata().getUid());
        assertThat(r.tags()).containsEntry(Keys.TAG_POD_UID, pod.getMetadata().getUid())
                .containsEntry(Keys.TAG_POD_NAMESPACE, pod.getMetadata().getNamespace())
                .containsEntry(Keys.TAG_POD_NAME, pod.getMetadata().getName())
                .containsEntry(Keys.TAG_VIRTUAL_NODE, "virtual-kubelet-cn-hangzhou-k")
                .doesNotContainKey(Keys.TAG_CLUSTER_ID);
        assertThat(r.containers()).extracting(c -> c.image())
                .containsExactlyElementsOf(pod.getSpec().getContainers().stream().map(c -> c.getImage()).toList());
        if (expect.type() == ComputeType.ACS) {
            InstanceSpec s = r.specs().get(0);
            assertThat(r.containers().get(0).cpu()).as("ACS gives the spec to the first container").isEqualTo(s.cpu());
            assertThat(r.containers().get(0).memoryGiB()).isEqualTo(s.memoryGiB());
        }
    }

    @Test
    void cudaVectorAddRunsOnTheGpuInstanceTypeAndNeverRestarts() {
        InstanceRequest r = Pods.accept(PodFixtures.cudaVectorAdd()).request();
        assertThat(r.specs()).containsExactly(new InstanceSpec("ecs.gn5-c4g1.xlarge", null, null, 1, "ecs.gn5-c4g1.xlarge"));
        assertThat(r.containers().get(0).gpu()).isEqualTo(1);
        assertThat(r.restartPolicy()).isEqualTo("Never");
    }

    @Test
    void theResourcePolicyOverflowRunsOnEciAt2To4Gi() {
        Pod pod = PodFixtures.onNode(PodFixtures.nginxEciByResourcePolicy(), "virtual-kubelet-cn-zhangjiakou-a");
        Translation.Accepted a = Pods.accept(pod);
        InstanceRequest r = a.request();
        assertThat(r.computeType()).isEqualTo(ComputeType.ECI);
        assertThat(r.computeClass()).isNull();
        assertThat(r.computeQos()).isNull();
        assertThat(r.specs()).as("cpu 2, no memory: 2 GiB per vCPU").containsExactly(new InstanceSpec("2-4Gi", 2.0, 4.0, null, null));
        assertThat(a.podUseSpec()).isEqualTo("2-4Gi");
        assertThat(r.containerGroupName()).isEqualTo("default-" + pod.getMetadata().getName());
        assertThat(r.containers()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("nginx");
            assertThat(c.image()).isEqualTo(PodFixtures.NGINX_ACK_MULTIPLE_CLUSTERS);
            assertThat(c.cpu()).as("ECI keeps what the container declares").isEqualTo(2.0);
            assertThat(c.memoryGiB()).isNull();
            assertThat(c.gpu()).isNull();
        });
        assertThat(r.restartPolicy()).isEqualTo("Always");
    }

    @Test
    void withOneGibPerVcpuTheRegisteredClusterSeedShows2To2Gi() {
        TranslationContext seed001 = Pods.CTX.withMemoryGiBPerCpu(1);
        Translation.Accepted a = Pods.accept(PodFixtures.nginxAcsRegisteredCluster(), seed001);
        assertThat(a.podUseSpec()).isEqualTo("2-2Gi");
        assertThat(a.request().containers().get(0).ports()).extracting(p -> p.port()).containsExactly(80);
    }

    @Test
    void theNamespaceLabelDoesNotMakeAnEciPodAcs() {
        Pod pod = PodFixtures.eciNamespacePod("vk");
        assertThat(((Translation.Accepted) PodTranslator.translate(pod, Map.of(Keys.LABEL_ACS, "true"), Pods.CTX))
                .request().computeType()).isEqualTo(ComputeType.ACS);
        assertThat(((Translation.Accepted) PodTranslator.translate(pod, ECI_NAMESPACE, Pods.CTX))
                .request().computeType()).isEqualTo(ComputeType.ECI);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("daemonSetPod", PodFixtures.daemonSetPod(), RejectionReason.DAEMONSET_NOT_SUPPORTED),
                Arguments.of("hostPathPod", PodFixtures.hostPathPod(), RejectionReason.HOST_PATH_NOT_SUPPORTED),
                Arguments.of("privilegedPod", PodFixtures.privilegedPod(), RejectionReason.PRIVILEGED_NOT_SUPPORTED),
                Arguments.of("hostNetworkPod", PodFixtures.hostNetworkPod(), RejectionReason.HOST_NETWORK_NOT_SUPPORTED),
                Arguments.of("gpuHpnWithoutReservedNodes", PodFixtures.gpuHpnWithoutReservedNodes(),
                        RejectionReason.GPU_HPN_REQUIRES_RESERVED_NODES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void whatTheSeedsSayIsNotSupportedIsRejected(String name, Pod pod, RejectionReason reason) {
        Translation t = PodTranslator.translate(pod, Map.of(), Pods.CTX);
        assertThat(t).isInstanceOf(Translation.Rejected.class);
        assertThat(((Translation.Rejected) t).reason()).isEqualTo(reason);
        assertThat(((Translation.Rejected) t).message()).isNotBlank();
    }

    @Test
    void theSameInputGivesTheSameRequest() {
        Pod pod = PodFixtures.realisticMultiContainer();
        assertThat(Pods.accept(pod).request()).isEqualTo(Pods.accept(pod).request());
        assertThat(List.of(Pods.accept(pod).notes())).isNotNull();
    }
}
