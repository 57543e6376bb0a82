package io.vnode.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.vnode.agent.domain.Uninstall.BoundPod;
import io.vnode.agent.domain.Uninstall.NodeState;
import io.vnode.agent.domain.Uninstall.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UninstallTest {

    private static final String NODE = "virtual-kubelet-cn-hangzhou-k";
    private static final Node PLAIN = new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build();
    private static final Node MARKED = new NodeBuilder(PLAIN).editMetadata()
            .addToAnnotations(Uninstall.MARKER, "2026-01-01T10:00:00Z").endMetadata().build();

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of("absent, never marked (first start, or deleted by hand): registered", null, false, NodeState.SERVED),
                Arguments.of("present, never marked (a rolling restart): served", PLAIN, false, NodeState.SERVED),
                Arguments.of("present and marked: drains, not un-cordoned", MARKED, false, NodeState.DRAINING),
                Arguments.of("marked, seen before: drains", MARKED, true, NodeState.DRAINING),
                Arguments.of("gone after it was seen marked: never created again", null, true, NodeState.UNINSTALLED),
                Arguments.of("present again without marker (a reinstall's agent made it): served", PLAIN, true, NodeState.SERVED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void whatARunningAgentMakesOfANode(String story, Node current, boolean seenMarked, NodeState expected) {
        assertThat(Uninstall.state(current, seenMarked)).isEqualTo(expected);
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final BoundPod RUNNING = new BoundPod("default", "nginx-1", NODE, false);
    private static final BoundPod TERMINATING = new BoundPod("default", "nginx-2", NODE, true);

    static Stream<Arguments> steps() {
        return Stream.of(
                Arguments.of("no pod: the nodes go", List.of(), Duration.ZERO, new Step.DeleteNodes(List.of(NODE))),
                Arguments.of("no pod, even at the deadline: the nodes go", List.of(), TIMEOUT, new Step.DeleteNodes(List.of(NODE))),
                Arguments.of("a running pod: deleted", List.of(RUNNING, TERMINATING), Duration.ofSeconds(5),
                        new Step.DeletePods(List.of(RUNNING))),
                Arguments.of("only terminating pods: wait, the nodes stay", List.of(TERMINATING), Duration.ofSeconds(5),
                        new Step.Wait(List.of(TERMINATING))),
                Arguments.of("deadline with pods left: give up, the nodes stay", List.of(TERMINATING, RUNNING), TIMEOUT,
                        new Step.GiveUp(List.of(TERMINATING, RUNNING), TIMEOUT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void theUninstallsNextStep(String story, List<BoundPod> pods, Duration waited, Step expected) {
        assertThat(Uninstall.next(List.of(NODE), pods, waited, TIMEOUT)).isEqualTo(expected);
    }

    @Test
    void aGivenUpUninstallNamesWhatIsLeftAndWhatToDo() {
        String message = Uninstall.leftOver(new Step.GiveUp(List.of(TERMINATING), TIMEOUT), Map.of(NODE, 1));
        assertThat(message).contains("600 s", "1 pod(s)", "default/nginx-2 on " + NODE + " (terminating)",
                "nodes were kept", "cloud-executor");
    }
}
