package io.vnode.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeFitTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case | node cpu | pods on it (cpu each, count) | in flight | ready | taint | unit selector matches | fits
            "empty 6-CPU node                      | 6    | 0 | 0 | true  | false | true  | true",
            "two of 2 CPU and a 500m daemon: 1.5 left | 6 | 2 | 0 | true  | false | true  | false",
            "one on the node, two admitted before  | 6    | 1 | 2 | true  | false | true  | false",
            "one on the node, none in flight       | 6    | 1 | 0 | true  | false | true  | true",
            "not ready                             | 6    | 0 | 0 | false | false | true  | false",
            "tainted NoSchedule, not tolerated     | 6    | 0 | 0 | true  | true  | true  | false",
            "another unit's nodes                  | 6    | 0 | 0 | true  | false | false | false",
    })
    void aPodFitsWhereTheSchedulerWouldPlaceIt(String name, String cpu, int podsOfTwoCpu, int inFlight, boolean ready, boolean tainted,
                                              boolean selectorMatches, boolean fits) {
        Node node = new NodeBuilder().withNewMetadata().withName("worker-1").addToLabels("pool", "a").endMetadata()
                .withNewSpec().withTaints(tainted ? List.of(new TaintBuilder().withKey("dedicated").withValue("x").withEffect("NoSchedule").build()) : List.of())
                .endSpec().withNewStatus().addToAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("16Gi"), "pods", new Quantity("110")))
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
        List<Pod> onNode = new java.util.ArrayList<>();
        for (int i = 0; i < podsOfTwoCpu; i++) {
            onNode.add(pod("2"));
        }
        if (podsOfTwoCpu == 2) {
            onNode.add(pod("500m")); // a node's daemons request CPU too
        }
        onNode.add(new PodBuilder(pod("4")).withNewStatus().withPhase("Succeeded").endStatus().build()); // finished: holds nothing
        List<NodeFit.Demand> flight = java.util.Collections.nCopies(inFlight, new NodeFit.Demand(2000, 0));
        assertThat(NodeFit.fits(pod("2"), Map.of("pool", selectorMatches ? "a" : "b"), List.of(NodeFit.NodeState.of(node, onNode)), flight))
                .isEqualTo(fits);
    }

    @ParameterizedTest(name = "{0} -> {1} millicores")
    @CsvSource({"2, 2000", "500m, 500", "0.1, 100", "1.5, 1500"})
    void cpuIsCountedInMillicores(String cpu, long milli) {
        assertThat(NodeFit.Demand.of(pod(cpu)).cpuMilli()).isEqualTo(milli);
    }

    static Pod pod(String cpu) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().addNewContainer().withName("c")
                .withNewResources().addToLimits("cpu", new Quantity(cpu)).endResources().endContainer().endSpec().build();
    }
}
