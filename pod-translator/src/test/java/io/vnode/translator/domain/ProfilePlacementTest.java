package io.vnode.translator.domain;

import static io.vnode.translator.domain.Pods.oneContainer;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.pod.RejectionReason;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The eci-profile's zones and selectors' effect, one row per rule: which vSwitches a pod on
 * virtual-kubelet-cn-hangzhou-k gets, and what a selector's effect does to the request.
 */
class ProfilePlacementTest {

    private static final String NODE_K = "virtual-kubelet-cn-hangzhou-k";
    private static final List<String> VSWITCHES = List.of("vsw-a", "vsw-b", "vsw-c");

    private static TranslationContext ctx(String node, Map<String, String> zones) {
        return TranslationContext.of("cn-hangzhou", node,
                new EciProfile(VSWITCHES, "sg-1", "rg-1").withVSwitchZones(zones));
    }

    static Stream<Arguments> zoneRows() {
        Map<String, String> kAndJ = Map.of("vsw-a", "cn-hangzhou-j", "vsw-b", "cn-hangzhou-k", "vsw-c", "cn-hangzhou-k");
        return Stream.of(
                Arguments.of("only the node's zone", NODE_K, kAndJ, "{}", "{}", List.of("vsw-b", "vsw-c")),
                Arguments.of("another node, its zone", "virtual-kubelet-cn-hangzhou-j", kAndJ, "{}", "{}", List.of("vsw-a")),
                Arguments.of("a capacity reservation's node: its zone", "virtual-kubelet-cn-hangzhou-j-rsv-crp-bp1x", kAndJ, "{}", "{}",
                        List.of("vsw-a")),
                Arguments.of("no zones configured: all (as before)", NODE_K, Map.of(), "{}", "{}", VSWITCHES),
                Arguments.of("known ones of the zone win over unknown ones", NODE_K, Map.of("vsw-b", "cn-hangzhou-k"), "{}", "{}",
                        List.of("vsw-b")),
                Arguments.of("none known in the zone, some unknown: all", NODE_K, Map.of("vsw-a", "cn-hangzhou-j"), "{}", "{}",
                        VSWITCHES),
                Arguments.of("a node name without a zone: all", "vk-test", kAndJ, "{}", "{}", VSWITCHES),
                Arguments.of("a node of another region: all", "virtual-kubelet-cn-beijing-a", kAndJ, "{}", "{}", VSWITCHES),
                Arguments.of("the pod's eci-vswitch wins", NODE_K, kAndJ, "{}", "{k8s.aliyun.com/eci-vswitch: 'vsw-x,vsw-a'}",
                        List.of("vsw-x", "vsw-a")),
                Arguments.of("ACS vswitch-ids wins", NODE_K, kAndJ, "{alibabacloud.com/acs: 'true'}",
                        "{network.alibabacloud.com/vswitch-ids: vsw-y}", List.of("vsw-y")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoneRows")
    void vSwitchesOfTheNodesZone(String rule, String node, Map<String, String> zones, String labels, String annotations,
                                 List<String> expected) {
        Translation t = PodTranslator.translate(oneContainer(labels, annotations, ""), Map.of(), ctx(node, zones));
        assertThat(t).isInstanceOf(Translation.Accepted.class);
        assertThat(((Translation.Accepted) t).request().vSwitchIds()).as(rule).isEqualTo(expected);
    }

    @Test
    void aNodeWhoseZoneHasNoVSwitchIsRefusedNamingTheZoneAndTheVSwitches() {
        Translation t = PodTranslator.translate(oneContainer("{}", "{}", ""), Map.of(),
                ctx(NODE_K, Map.of("vsw-a", "cn-hangzhou-j", "vsw-b", "cn-hangzhou-j", "vsw-c", "cn-hangzhou-i")));
        assertThat(t).isInstanceOf(Translation.Rejected.class);
        Translation.Rejected r = (Translation.Rejected) t;
        assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_POD);
        assertThat(r.message()).contains("zone cn-hangzhou-k", NODE_K,
                "vsw-a (cn-hangzhou-j), vsw-b (cn-hangzhou-j), vsw-c (cn-hangzhou-i)", "k8s.aliyun.com/eci-vswitch");
    }

    @Test
    void anUnknownZoneIsSaidInANote() {
        Translation t = PodTranslator.translate(oneContainer("{}", "{}", ""), Map.of(),
                ctx(NODE_K, Map.of("vsw-a", "cn-hangzhou-j")));
        assertThat(((Translation.Accepted) t).notes()).anyMatch(n -> n.contains("vsw-b, vsw-c") && n.contains("cn-hangzhou-k"));
    }

    // ---- selectors' effect ----

    private static ProfileSelector selector(String name, Map<String, Object> json) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>(json);
        entry.put("name", name);
        return ProfileSelector.fromJson(entry, 1);
    }

    private static final ProfileSelector BATCH_PODS = selector("batch", Map.of(
            "objectSelector", Map.of("matchLabels", Map.of("workload", "batch")),
            "effect", Map.of("annotations", Map.of("k8s.aliyun.com/eci-use-specs", "ecs.c6.xlarge",
                            "k8s.aliyun.com/eci-spot-strategy", "SpotAsPriceGo"),
                    "labels", Map.of("created-by", "eci-profile"))));
    private static final ProfileSelector TEAM_X_NAMESPACES = selector("team-x", Map.of(
            "namespaceSelector", Map.of("matchExpressions", List.of(Map.of("key", "team", "operator", "In", "values", List.of("x")))),
            "effect", Map.of("annotations", Map.of("k8s.aliyun.com/eci-use-specs", "4-8Gi"))));
    private static final ProfileSelector ACS_PODS = selector("acs", Map.of(
            "objectSelector", Map.of("matchLabels", Map.of("tier", "acs")),
            "effect", Map.of("labels", Map.of("alibabacloud.com/acs", "true"))));

    static Stream<Arguments> effectRows() {
        return Stream.of(
                Arguments.of("pod labels select: the effect's annotations reach the request", "{workload: batch}", "{}", Map.of(),
                        "/specs/0/name", "\"ecs.c6.xlarge\""),
                Arguments.of("... and its cloud parameters", "{workload: batch}", "{}", Map.of(),
                        "/extraParameters/SpotStrategy", "\"SpotAsPriceGo\""),
                Arguments.of("... and its labels (downward API sees them)", "{workload: batch}", "{}", Map.of(),
                        "/containers/0/env/0/value", "\"eci-profile\""),
                Arguments.of("namespace labels select", "{}", "{}", Map.of("team", "x"), "/specs/0/name", "\"4-8Gi\""),
                Arguments.of("the first matching selector wins", "{workload: batch}", "{}", Map.of("team", "x"),
                        "/specs/0/name", "\"ecs.c6.xlarge\""),
                Arguments.of("the pod's own annotation keeps its value", "{workload: batch}",
                        "{k8s.aliyun.com/eci-use-specs: 2-4Gi}", Map.of(), "/specs/0/name", "\"2-4Gi\""),
                Arguments.of("no selector matches: no effect", "{workload: web}", "{}", Map.of("team", "y"),
                        "/specs/0/name", "\"2-4Gi\""),
                Arguments.of("an effect label can choose ACS", "{tier: acs}", "{}", Map.of(), "/computeType", "\"ACS\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("effectRows")
    void theFirstMatchingSelectorsEffect(String rule, String labels, String annotations, Map<String, String> nsLabels,
                                        String pointer, String expected) {
        Pod pod = Pods.pod(labels, annotations, "{containers: [{name: app, image: nginx,"
                + " env: [{name: BY, valueFrom: {fieldRef: {fieldPath: \"metadata.labels['created-by']\"}}}]}]}");
        TranslationContext ctx = TranslationContext.of("cn-hangzhou", NODE_K, new EciProfile(VSWITCHES, "sg-1", "rg-1")
                .withSelectors(List.of(BATCH_PODS, TEAM_X_NAMESPACES, ACS_PODS)));
        Translation t = PodTranslator.translate(pod, nsLabels, ctx);
        assertThat(t).as(rule).isInstanceOf(Translation.Accepted.class);
        assertThat(Pods.json(((Translation.Accepted) t).request()).at(pointer).toString()).as(rule).isEqualTo(expected);
    }

    @Test
    void theEffectIsNotHeldToTheNamespacesOverridePolicy() {
        Pod pod = oneContainer("{workload: batch}", "{}", "");
        TranslationContext ctx = TranslationContext.of("cn-hangzhou", NODE_K, new EciProfile(VSWITCHES, "sg-1", "rg-1")
                .withSelectors(List.of(BATCH_PODS))).withOverrides(OverridePolicy.of(List.of("none")));
        Translation t = PodTranslator.translate(pod, Map.of(), ctx);
        assertThat(t).isInstanceOf(Translation.Accepted.class);
        assertThat(((Translation.Accepted) t).request().extraParameters()).containsEntry("SpotStrategy", "SpotAsPriceGo");
    }
}
