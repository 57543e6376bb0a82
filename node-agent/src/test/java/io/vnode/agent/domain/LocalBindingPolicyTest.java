package io.vnode.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vnode.localkube.PodFixtures;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LocalBindingPolicyTest {

    private static final List<VirtualNodeIdentity> NODES = List.of(
            new VirtualNodeIdentity("cn-hangzhou", "cn-hangzhou-j", null, null),
            new VirtualNodeIdentity("cn-hangzhou", "cn-hangzhou-k", null, null));

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("selector+toleration, pending", (Supplier<Pod>) PodFixtures::nginxAcsByNodeSelector, "any"),
                Arguments.of("zone pinned by nodeSelector", (Supplier<Pod>) () -> new PodBuilder(PodFixtures.gpuByNodeSelector()).editSpec()
                        .addToNodeSelector("topology.kubernetes.io/zone", "cn-hangzhou-k").endSpec().build(), "virtual-kubelet-cn-hangzhou-k"),
                Arguments.of("zone we do not serve", (Supplier<Pod>) () -> new PodBuilder(PodFixtures.gpuByNodeSelector()).editSpec()
                        .addToNodeSelector("topology.kubernetes.io/zone", "cn-beijing-a").endSpec().build(), null),
                Arguments.of("label only: no selector, no toleration", (Supplier<Pod>) PodFixtures::nginxAcsByLabel, null),
                Arguments.of("selector without toleration", (Supplier<Pod>) () -> new PodBuilder(PodFixtures.nginxAcsByNodeSelector())
                        .editSpec().withTolerations(List.of()).endSpec().build(), null),
                Arguments.of("already bound", (Supplier<Pod>) () -> PodFixtures.onNode(PodFixtures.nginxAcsByNodeSelector(), "n"), null),
                Arguments.of("deleting", (Supplier<Pod>) () -> new PodBuilder(PodFixtures.nginxAcsByNodeSelector())
                        .editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build(), null),
                Arguments.of("already failed", (Supplier<Pod>) () -> new PodBuilder(PodFixtures.nginxAcsByNodeSelector())
                        .withNewStatus().withPhase("Failed").endStatus().build(), null),
                Arguments.of("DaemonSet pod", (Supplier<Pod>) () -> new PodBuilder(PodFixtures.daemonSetPod()).editSpec()
                        .withNodeSelector(Map.of("type", "virtual-kubelet")).withTolerations(PodFixtures.virtualNodeToleration()).endSpec().build(), null));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("table")
    void binds(String name, Supplier<Pod> pod, String expected) {
        Pod p = pod.get();
        String chosen = LocalBindingPolicy.chooseNode(p, NODES).orElse(null);
        if ("any".equals(expected)) {
            assertThat(chosen).isIn("virtual-kubelet-cn-hangzhou-j", "virtual-kubelet-cn-hangzhou-k");
            assertThat(LocalBindingPolicy.chooseNode(p, NODES)).contains(chosen);
        } else {
            assertThat(chosen).isEqualTo(expected);
        }
    }
}
