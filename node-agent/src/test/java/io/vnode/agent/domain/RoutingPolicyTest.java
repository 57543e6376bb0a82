package io.vnode.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.vnode.agent.domain.RoutingPolicy.Decision;
import io.vnode.agent.domain.RoutingPolicy.PatchOp;
import io.vnode.agent.domain.RoutingPolicy.Reason;
import io.vnode.contracts.Keys;
import io.vnode.localkube.PodFixtures;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoutingPolicyTest {

    private static final Map<String, Object> TOLERATION = RoutingPolicy.toleration();
    private static final PatchOp ADD_SELECTOR = new PatchOp("add", "/spec/nodeSelector", Map.of("type", "virtual-kubelet"));
    private static final Map<String, Object> NOT_READY = RoutingPolicy.outageToleration("node.kubernetes.io/not-ready");
    private static final Map<String, Object> UNREACHABLE = RoutingPolicy.outageToleration("node.kubernetes.io/unreachable");
    private static final PatchOp ADD_TOLERATIONS = new PatchOp("add", "/spec/tolerations", List.of(TOLERATION, NOT_READY, UNREACHABLE));
    private static final PatchOp APPEND_NOT_READY = new PatchOp("add", "/spec/tolerations/-", NOT_READY);
    private static final PatchOp APPEND_UNREACHABLE = new PatchOp("add", "/spec/tolerations/-", UNREACHABLE);
    private static final PatchOp TOLERATE_RESERVED = new PatchOp("add", "/spec/tolerations/-", Map.of("key", "alibabacloud.com/node-type",
            "operator", "Equal", "value", "reserved", "effect", "NoSchedule"));
    private static final List<ProfileSelector> PROFILE = List.of(
            new ProfileSelector("batch-jobs", null, selector(Map.of("workload", "batch")),
                    Map.of("k8s.aliyun.com/eci-use-specs", "2-4Gi"), Map.of("created-by", "eci-profile", "workload", "not-over-the-pods")),
            new ProfileSelector("team-x", selector(Map.of("team", "x")), selector(Map.of("app", "nginx"))));

    static Stream<Arguments> table() {
        return Stream.of(
                // routing methods of the seeds
                row("pod label acs=true", PodFixtures::nginxAcsByLabel, Map.of(), true, Reason.POD_LABEL_ACS, ADD_SELECTOR, ADD_TOLERATIONS),
                row("gpu pod label acs=true", PodFixtures::gpuByAcsLabel, Map.of(), true, Reason.POD_LABEL_ACS, ADD_SELECTOR, ADD_TOLERATIONS),
                row("pod label eci=true", PodFixtures::eciLabelledUseSpecs, Map.of(), true, Reason.POD_LABEL_ECI, ADD_SELECTOR, ADD_TOLERATIONS),
                row("cuda pod label eci=true", PodFixtures::cudaVectorAdd, Map.of(), true, Reason.POD_LABEL_ECI, ADD_SELECTOR, ADD_TOLERATIONS),
                row("namespace label eci=true", () -> PodFixtures.eciNamespacePod("vk"), Map.of(Keys.LABEL_ECI, "true"), true,
                        Reason.NAMESPACE_LABEL_ECI, ADD_SELECTOR, ADD_TOLERATIONS),
                row("namespace label eci=false", () -> PodFixtures.eciNamespacePod("vk"), Map.of(Keys.LABEL_ECI, "false"), false, Reason.NOT_SELECTED),
                row("pod label acs=false", () -> withLabel(PodFixtures.gpuByResourcePolicy(), Keys.LABEL_ACS, "false"), Map.of(), false, Reason.NOT_SELECTED),
                // eci-profile selectors
                // the selector's effect lands on the pod, where the pod does not set the key itself
                row("profile objectSelector", () -> withLabel(PodFixtures.gpuByResourcePolicy(), "workload", "batch"), Map.of(), true,
                        Reason.ECI_PROFILE_SELECTOR, ADD_SELECTOR, ADD_TOLERATIONS,
                        new PatchOp("add", "/metadata/annotations", Map.of("k8s.aliyun.com/eci-use-specs", "2-4Gi")),
                        new PatchOp("add", "/metadata/labels/created-by", "eci-profile")),
                row("profile namespace+object selector", () -> PodFixtures.eciNamespacePod("team-x-ns"), Map.of("team", "x"), true,
                        Reason.ECI_PROFILE_SELECTOR, ADD_SELECTOR, ADD_TOLERATIONS),
                row("profile namespace matches, object does not", () -> withLabel(PodFixtures.eciNamespacePod("team-x-ns"), "app", "redis"),
                        Map.of("team", "x"), false, Reason.NOT_SELECTED),
                row("no method applies", PodFixtures::gpuByResourcePolicy, Map.of(), false, Reason.NOT_SELECTED),
                // exclusions
                row("DaemonSet pod with eci label", PodFixtures::daemonSetPod, Map.of(Keys.LABEL_ECI, "true"), false, Reason.DAEMONSET_NEVER_ROUTED),
                row("pod that names its node", () -> PodFixtures.onNode(PodFixtures.nginxAcsByLabel(), "worker-1"), Map.of(), false, Reason.ALREADY_BOUND),
                // pods already (partly) targeting the node: no duplicates
                row("already targeting via selector+toleration", () -> withLabel(PodFixtures.nginxAcsByNodeSelector(), Keys.LABEL_ACS, "true"),
                        Map.of(), true, Reason.NODE_SELECTOR, APPEND_NOT_READY, APPEND_UNREACHABLE),
                row("selector+toleration without a routing label", PodFixtures::nginxAcsByNodeSelector, Map.of(), true, Reason.NODE_SELECTOR,
                        APPEND_NOT_READY, APPEND_UNREACHABLE),
                // what the API server's DefaultTolerationSeconds added: the time limit goes, nothing is duplicated
                row("300 s outage tolerations lose their limit", () -> new PodBuilder(PodFixtures.nginxAcsByNodeSelector()).editSpec()
                                .addToTolerations(new TolerationBuilder().withKey("node.kubernetes.io/not-ready").withOperator("Exists")
                                        .withEffect("NoExecute").withTolerationSeconds(300L).build())
                                .addToTolerations(new TolerationBuilder().withKey("node.kubernetes.io/unreachable").withOperator("Exists")
                                        .withEffect("NoExecute").withTolerationSeconds(300L).build()).endSpec().build(),
                        Map.of(), true, Reason.NODE_SELECTOR,
                        new PatchOp("remove", "/spec/tolerations/1/tolerationSeconds", null),
                        new PatchOp("remove", "/spec/tolerations/2/tolerationSeconds", null)),
                row("outage tolerations without a limit are kept as they are", () -> new PodBuilder(PodFixtures.nginxAcsByNodeSelector()).editSpec()
                                .addToTolerations(new TolerationBuilder().withKey("node.kubernetes.io/not-ready").withOperator("Exists")
                                        .withEffect("NoExecute").build())
                                .addToTolerations(new TolerationBuilder().withKey("node.kubernetes.io/unreachable").withOperator("Exists")
                                        .withEffect("NoExecute").build()).endSpec().build(),
                        Map.of(), true, Reason.NODE_SELECTOR),
                row("other nodeSelector and tolerations kept", () -> new PodBuilder(PodFixtures.gpuHpnReserved()).editSpec()
                                .addToTolerations(new TolerationBuilder().withKey("gpu").withOperator("Exists").build()).endSpec().build(),
                        Map.of(), true, Reason.POD_LABEL_ACS,
                        new PatchOp("add", "/spec/nodeSelector/type", "virtual-kubelet"),
                        new PatchOp("add", "/spec/tolerations/-", TOLERATION), APPEND_NOT_READY, APPEND_UNREACHABLE, TOLERATE_RESERVED),
                // gpu-hpn pods go to a capacity reservation's node, and only they tolerate it
                row("gpu-hpn without the reserved selector gets it", () -> new PodBuilder(PodFixtures.gpuHpnReserved()).editSpec()
                                .withNodeSelector(Map.of()).endSpec().build(),
                        Map.of(), true, Reason.POD_LABEL_ACS, ADD_SELECTOR, ADD_TOLERATIONS,
                        new PatchOp("add", "/spec/nodeSelector/alibabacloud.com~1node-type", "reserved"), TOLERATE_RESERVED),
                row("toleration by key/value Equal counts", () -> new PodBuilder(PodFixtures.eciLabelledUseSpecs()).editSpec()
                                .addToTolerations(new TolerationBuilder().withKey(Keys.TAINT_KEY).withOperator("Equal")
                                        .withValue("alibabacloud").withEffect("NoSchedule").build()).endSpec().build(),
                        Map.of(), true, Reason.POD_LABEL_ECI, ADD_SELECTOR, APPEND_NOT_READY, APPEND_UNREACHABLE),
                row("toleration of another provider does not count", () -> new PodBuilder(PodFixtures.eciLabelledUseSpecs()).editSpec()
                                .addToTolerations(new TolerationBuilder().withKey(Keys.TAINT_KEY).withOperator("Equal")
                                        .withValue("azure").withEffect("NoSchedule").build()).endSpec().build(),
                        Map.of(), true, Reason.POD_LABEL_ECI, ADD_SELECTOR, new PatchOp("add", "/spec/tolerations/-", TOLERATION),
                        APPEND_NOT_READY, APPEND_UNREACHABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void routing(String name, Supplier<Pod> pod, Map<String, String> namespaceLabels, boolean route, Reason reason, List<PatchOp> patch) {
        Decision d = RoutingPolicy.decide(pod.get(), namespaceLabels, PROFILE);
        assertThat(d.route()).as(d.detail()).isEqualTo(route);
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.patch()).containsExactlyElementsOf(patch);
    }

    @Test
    void aRoutedPodAfterItsPatchTargetsTheVirtualNode() {
        Pod pod = PodFixtures.nginxAcsByLabel();
        assertThat(RoutingPolicy.targetsVirtualNode(pod)).isFalse();
        Pod patched = new PodBuilder(pod).editSpec().withNodeSelector(Map.of("type", "virtual-kubelet"))
                .withTolerations(PodFixtures.virtualNodeToleration(),
                        new TolerationBuilder().withKey("node.kubernetes.io/not-ready").withOperator("Exists").withEffect("NoExecute").build(),
                        new TolerationBuilder().withKey("node.kubernetes.io/unreachable").withOperator("Exists").withEffect("NoExecute").build())
                .endSpec().build();
        assertThat(RoutingPolicy.targetsVirtualNode(patched)).isTrue();
        assertThat(RoutingPolicy.decide(patched, Map.of(), List.of()).patch()).isEmpty();
    }

    @Test
    void aSelectorThatSelectsEverythingIsRefused() {
        assertThatThrownBy(() -> new ProfileSelector("all", null, null)).hasMessageContaining("every pod");
    }

    @Test
    void matchExpressionsFollowKubernetesSemantics() {
        LabelSelector s = new LabelSelectorBuilder()
                .addNewMatchExpression().withKey("tier").withOperator("In").withValues("batch", "spot").endMatchExpression()
                .addNewMatchExpression().withKey("critical").withOperator("DoesNotExist").endMatchExpression()
                .build();
        assertThat(ProfileSelector.matches(s, Map.of("tier", "spot"))).isTrue();
        assertThat(ProfileSelector.matches(s, Map.of("tier", "web"))).isFalse();
        assertThat(ProfileSelector.matches(s, Map.of("tier", "batch", "critical", "yes"))).isFalse();
        assertThat(ProfileSelector.matches(new LabelSelector(), Map.of())).isTrue();
    }

    @Test
    void jsonPointerEscapesSlashes() {
        assertThat(RoutingPolicy.escape("kubernetes.io/arch")).isEqualTo("kubernetes.io~1arch");
    }

    private static Arguments row(String name, Supplier<Pod> pod, Map<String, String> ns, boolean route, Reason reason, PatchOp... patch) {
        return Arguments.of(name, pod, ns, route, reason, List.of(patch));
    }

    private static Pod withLabel(Pod pod, String key, String value) {
        return new PodBuilder(pod).editMetadata().addToLabels(key, value).endMetadata().build();
    }

    private static LabelSelector selector(Map<String, String> labels) {
        return new LabelSelectorBuilder().withMatchLabels(labels).build();
    }
}
