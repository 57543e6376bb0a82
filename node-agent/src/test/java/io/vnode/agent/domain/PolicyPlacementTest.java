package io.vnode.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.vnode.agent.domain.PolicyPlacement.NotGoverned;
import io.vnode.agent.domain.PolicyPlacement.Outcome;
import io.vnode.agent.domain.PolicyPlacement.Placed;
import io.vnode.agent.domain.PolicyPlacement.Refused;
import io.vnode.agent.domain.RoutingPolicy.PatchOp;
import io.vnode.contracts.Keys;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyPlacementTest {

    // seed 003's policy, with a selector the seed's pods carry
    private static final Map<String, Object> IDC_THEN_ECI = Map.of("selector", Map.of("app", "nginx"), "strategy", "prefer",
            "units", List.of(Map.of("resource", "idc", "max", 3), Map.of("resource", "eci", "nodeSelector", Map.of("key2", "value2"))));
    // seed 000's policy: one acs unit with the GPU labels
    private static final Map<String, Object> ACS_GPU = Map.of("selector", Map.of("app", "dep-rp-demo"),
            "units", List.of(Map.of("resource", "acs", "podLabels", Map.of(Keys.LABEL_COMPUTE_CLASS, "gpu", Keys.LABEL_COMPUTE_QOS, "default"))));

    /** Units where the idc unit holds {@code inIdc} pods, {@code inEci} in the eci unit, and the node has room when {@code room}. */
    record FakeUnits(int inIdc, int inEci, boolean room) implements PolicyPlacement.Units {
        @Override
        public int podsIn(ResourcePolicy policy, int unit) {
            return unit == 0 ? inIdc : inEci;
        }

        @Override
        public boolean fits(Pod pod, ResourcePolicy.Unit unit) {
            return room;
        }
    }

    static Stream<Arguments> scaleOut() {
        return Stream.of(
                // idc first while it has room and is under max, then the virtual node
                Arguments.of(0, 0, true, 0),
                Arguments.of(2, 0, true, 0),
                Arguments.of(2, 0, false, 1),  // the node is full (seed 003: 2 pods of 2 CPU on 6 CPU with system pods)
                Arguments.of(3, 0, true, 1),   // idc max 3 reached although the node has room
                Arguments.of(3, 7, true, 1));  // eci has no max
    }

    @ParameterizedTest(name = "idc holds {0}, eci {1}, node room {2} -> unit {3}")
    @MethodSource("scaleOut")
    void scaleOutGoesTopToBottom(int inIdc, int inEci, boolean room, int expectedUnit) {
        Outcome out = PolicyPlacement.decide(pod("nginx", Map.of("app", "nginx"), "ack-co-scheduler"),
                List.of(parse("cost-balance-policy", IDC_THEN_ECI)), Optional.empty(), new FakeUnits(inIdc, inEci, room), "id-1");
        assertThat(out).isInstanceOf(Placed.class);
        Placed placed = (Placed) out;
        assertThat(placed.unit()).isEqualTo(expectedUnit);
        assertThat(placed.patch()).contains(new PatchOp("add", "/spec/schedulerName", "default-scheduler"),
                new PatchOp("add", "/metadata/labels/vnode.io~1resource-policy-unit", Integer.toString(expectedUnit)),
                new PatchOp("add", "/metadata/labels/vnode.io~1placement", "id-1"),
                new PatchOp("add", "/metadata/annotations", Map.of(PolicyPlacement.DELETION_COST, expectedUnit == 0 ? "100" : "0")));
        boolean toVirtualNode = placed.patch().stream().anyMatch(op -> op.path().equals("/spec/nodeSelector"));
        assertThat(toVirtualNode).isEqualTo(expectedUnit == 1);
        if (expectedUnit == 1) {
            assertThat(placed.warnings()).singleElement().asString().contains("nodeSelector of unit 1 (eci) is ignored");
        }
    }

    @Test
    void anAcsUnitAddsItsPodLabelsAndTheAcsLabelAndRoutesToTheVirtualNode() {
        Pod pod = pod("dep-rp-demo-x", Map.of("app", "dep-rp-demo"), "default-scheduler");
        Placed placed = (Placed) PolicyPlacement.decide(pod, List.of(parse("dep-rp-demo", ACS_GPU)), Optional.of("dep-rp-demo"),
                new FakeUnits(0, 0, false), "id-2");
        assertThat(placed.patch()).contains(
                new PatchOp("add", "/metadata/labels/alibabacloud.com~1compute-class", "gpu"),
                new PatchOp("add", "/metadata/labels/alibabacloud.com~1acs", "true"),
                new PatchOp("add", "/metadata/labels/vnode.io~1resource-policy", "dep-rp-demo"));
        assertThat(placed.patch()).containsAll(RoutingPolicy.toVirtualNode(pod));
        assertThat(placed.patch()).noneMatch(op -> op.path().equals("/spec/schedulerName")); // it names its scheduler already
    }

    @Test
    void anEcsUnitAddsItsNodeSelector() {
        Map<String, Object> spec = Map.of("selector", Map.of("app", "a"), "units",
                List.of(Map.of("resource", "ecs", "nodeSelector", Map.of("pool", "ecs-1")), Map.of("resource", "eci")));
        Placed placed = (Placed) PolicyPlacement.decide(pod("a-1", Map.of("app", "a"), null), List.of(parse("p", spec)),
                Optional.empty(), new FakeUnits(0, 0, true), "id");
        assertThat(placed.unit()).isZero();
        assertThat(placed.patch()).contains(new PatchOp("add", "/spec/nodeSelector", Map.of("pool", "ecs-1")));
    }

    @Test
    void everyUnitAtItsMaxRefusesThePodSoItsControllerRetries() {
        Map<String, Object> spec = Map.of("selector", Map.of("app", "a"), "units",
                List.of(Map.of("resource", "idc", "max", 1), Map.of("resource", "eci", "max", 2)));
        Outcome out = PolicyPlacement.decide(pod("a-1", Map.of("app", "a"), null), List.of(parse("p", spec)), Optional.empty(),
                new FakeUnits(1, 2, true), "id");
        assertThat(out).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.message())
                .isEqualTo("every unit of ResourcePolicy p is at its max (idc 1/1, eci 2/2); the pod is created when a unit has room"
                        + " (its controller retries)"));
    }

    @Test
    void ordinaryUnitsWithoutRoomLeaveThePodWaitingOnTheFirst() {
        Map<String, Object> spec = Map.of("selector", Map.of("app", "a"), "units", List.of(Map.of("resource", "idc")));
        Placed placed = (Placed) PolicyPlacement.decide(pod("a-1", Map.of("app", "a"), null), List.of(parse("p", spec)),
                Optional.empty(), new FakeUnits(5, 0, false), "id");
        assertThat(placed.unit()).isZero();
        assertThat(placed.detail()).contains("waiting for room");
    }

    @Test
    void twoPoliciesSelectingOnePodRefuseItNamingBoth() {
        Outcome out = PolicyPlacement.decide(pod("nginx", Map.of("app", "nginx", "tier", "web"), null),
                List.of(parse("a", IDC_THEN_ECI), parse("b", Map.of("selector", Map.of("tier", "web"), "units", List.of(Map.of("resource", "eci"))))),
                Optional.empty(), new FakeUnits(0, 0, true), "id");
        assertThat(out).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.message())
                .startsWith("ResourcePolicies a, b in namespace default all select this pod"));
    }

    @Test
    void aCoScheduledPodNoPolicySelectsGoesToTheDefaultSchedulerAndIsToldWhy() {
        // seed 003 as written: the policy's selector asks for key1=value1, which the Deployment's pods lack
        Map<String, Object> asWritten = Map.of("selector", Map.of("app", "nginx", "key1", "value1"), "strategy", "prefer",
                "units", List.of(Map.of("resource", "idc", "max", 3), Map.of("resource", "eci")));
        Outcome out = PolicyPlacement.decide(pod("nginx", Map.of("app", "nginx"), "ack-co-scheduler"),
                List.of(parse("cost-balance-policy", asWritten)), Optional.empty(), new FakeUnits(0, 0, true), "id");
        assertThat(out).isInstanceOfSatisfying(NotGoverned.class, n -> {
            assertThat(n.patch()).containsExactly(new PatchOp("add", "/spec/schedulerName", "default-scheduler"));
            assertThat(n.warnings()).containsExactly("schedulerName ack-co-scheduler: no ResourcePolicy in namespace default selects"
                    + " this pod; cost-balance-policy needs the labels key1=value1; the pod is scheduled by default-scheduler");
        });
    }

    @Test
    void aPodOfNoPolicyIsLeftAlone() {
        Outcome out = PolicyPlacement.decide(pod("x", Map.of("app", "other"), "default-scheduler"),
                List.of(parse("p", IDC_THEN_ECI)), Optional.empty(), new FakeUnits(0, 0, true), "id");
        assertThat(out).isEqualTo(new NotGoverned(List.of(), List.of()));
    }

    @Test
    void aWorkloadNamingAMissingOrInvalidPolicyIsWarnedAndScheduledWithoutIt() {
        Outcome missing = PolicyPlacement.decide(pod("x", Map.of("app", "nginx"), null), List.of(), Optional.of("gone"),
                new FakeUnits(0, 0, true), "id");
        assertThat(((NotGoverned) missing).warnings()).singleElement().asString().contains("ResourcePolicy gone, which does not exist");
        Outcome invalid = PolicyPlacement.decide(pod("x", Map.of("app", "nginx"), null),
                List.of(parse("bad", Map.of("selector", Map.of("app", "nginx"), "units", List.of()))), Optional.empty(),
                new FakeUnits(0, 0, true), "id");
        assertThat(((NotGoverned) invalid).warnings()).singleElement().asString()
                .isEqualTo("ResourcePolicy bad cannot be used: spec.units is empty: name at least one unit (idc, ecs, eci or acs);"
                        + " the pod is scheduled without it");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"selector\":{\"a\":\"b\"},\"units\":[{\"resource\":\"gpu\"}]}|spec.units[0].resource 'gpu' is not one of idc, ecs, eci, acs",
            "{\"selector\":{\"a\":\"b\"},\"units\":[{\"resource\":\"idc\",\"max\":-1}]}|spec.units[0].max is negative (-1)",
            "{\"selector\":{\"a\":\"b\"},\"units\":[]}|spec.units is empty: name at least one unit (idc, ecs, eci or acs)",
            "{\"selector\":{\"a\":\"b\"},\"strategy\":\"spread\",\"units\":[{\"resource\":\"eci\"}]}|spec.strategy 'spread' is not supported (only prefer)",
            "{\"selector\":{\"a\":\"b\"},\"units\":[{\"resource\":\"ecs\",\"max\":\"many\"}]}|spec.units[0].max 'many' is not a whole number",
    })
    void badPoliciesAreNamedFieldByField(String json, String problem) throws Exception {
        Object spec = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        assertThat(ResourcePolicy.parse("ns", "p", spec).problems()).containsExactly(problem);
    }

    @Test
    void anEmptySelectorSelectsNothingAndLongNamesMakeValidLabelValues() {
        assertThat(parse("p", Map.of("units", List.of(Map.of("resource", "eci")))).policy().selects(Map.of("app", "x"))).isFalse();
        String value = PolicyPlacement.labelValue("p".repeat(200));
        assertThat(value).hasSize(63).isEqualTo(PolicyPlacement.labelValue("p".repeat(200)));
        assertThat(PolicyPlacement.labelValue("cost-balance-policy")).isEqualTo("cost-balance-policy");
    }

    static ResourcePolicy.Parsed parse(String name, Object spec) {
        return ResourcePolicy.parse("default", name, spec);
    }

    static Pod pod(String name, Map<String, String> labels, String scheduler) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withLabels(labels).endMetadata()
                .withNewSpec().withSchedulerName(scheduler).addNewContainer().withName("c").withImage("nginx")
                .withNewResources().addToRequests("cpu", new Quantity("2")).endResources().endContainer().endSpec().build();
    }
}
