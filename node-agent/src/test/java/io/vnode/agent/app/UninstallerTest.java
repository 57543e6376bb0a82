package io.vnode.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.agent.domain.Uninstall.BoundPod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The uninstall against an API that finishes a deleted pod after some looks, or never; the clock moves with each pause. */
class UninstallerTest {

    private static final String K = "virtual-kubelet-cn-hangzhou-k";
    private static final String J = "virtual-kubelet-cn-hangzhou-j";

    @Test
    void marksDeletesThePodsWaitsForThemThenDeletesTheNodes() throws Exception {
        FakeApi api = new FakeApi(Set.of(K), 2);
        api.pods.put("default/a", new BoundPod("default", "a", K, false));
        api.pods.put("default/b", new BoundPod("default", "b", K, true)); // already terminating: not deleted again

        Uninstaller.Outcome outcome = uninstaller(api, Duration.ofMinutes(10)).run();

        assertThat(outcome).isEqualTo(new Uninstaller.Outcome.Done(List.of(K), 1));
        // the node absent at start (zone j) is left alone; marked before any pod is touched, deleted last
        assertThat(api.calls).first().isEqualTo("mark " + K);
        assertThat(api.calls).containsSubsequence("mark " + K, "delete pod default/a", "delete node " + K)
                .doesNotContain("delete pod default/b", "mark " + J, "delete node " + J);
        assertThat(api.calls).last().isEqualTo("delete node " + K);
    }

    @Test
    void podsThatNeverGoKeepTheNodesAndAreNamed() throws Exception {
        FakeApi api = new FakeApi(Set.of(K, J), Integer.MAX_VALUE); // e.g. the executor is gone: pods stay terminating
        api.pods.put("default/a", new BoundPod("default", "a", K, false));

        Uninstaller.Outcome outcome = uninstaller(api, Duration.ofSeconds(30)).run();

        assertThat(outcome).isInstanceOf(Uninstaller.Outcome.LeftOver.class);
        assertThat(((Uninstaller.Outcome.LeftOver) outcome).message()).contains("default/a on " + K, "{" + K + "=1}");
        assertThat(api.calls).noneMatch(c -> c.startsWith("delete node"));
    }

    @Test
    void noVirtualNodeLeftIsDone() throws Exception {
        FakeApi api = new FakeApi(Set.of(), 0);
        assertThat(uninstaller(api, Duration.ofMinutes(1)).run()).isEqualTo(new Uninstaller.Outcome.Done(List.of(), 0));
        assertThat(api.calls).isEmpty();
    }

    private static Uninstaller uninstaller(FakeApi api, Duration timeout) {
        MovingClock clock = new MovingClock();
        return new Uninstaller(api, List.of(K, J), timeout, Duration.ofSeconds(2), clock, clock::advance);
    }

    /** Pods deleted gracefully are gone after {@code looksUntilGone} looks at the node. */
    static final class FakeApi implements UninstallApi {
        final Set<String> nodes;
        final Map<String, BoundPod> pods = new LinkedHashMap<>();
        final Map<String, Integer> looksLeft = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        final int looksUntilGone;

        FakeApi(Set<String> nodes, int looksUntilGone) {
            this.nodes = new LinkedHashSet<>(nodes);
            this.looksUntilGone = looksUntilGone;
        }

        @Override
        public boolean exists(String nodeName) {
            return nodes.contains(nodeName);
        }

        @Override
        public void markAndCordon(String nodeName, String since) {
            calls.add("mark " + nodeName);
        }

        @Override
        public List<BoundPod> podsOn(String nodeName) {
            pods.entrySet().removeIf(e -> e.getValue().deleting() && looksLeft.merge(e.getKey(), -1, Integer::sum) < 0);
            return pods.values().stream().filter(p -> p.nodeName().equals(nodeName)).toList();
        }

        @Override
        public void deletePod(BoundPod pod) {
            String key = pod.namespace() + "/" + pod.name();
            calls.add("delete pod " + key);
            pods.put(key, new BoundPod(pod.namespace(), pod.name(), pod.nodeName(), true));
            looksLeft.put(key, looksUntilGone);
        }

        @Override
        public void deleteNode(String nodeName) {
            calls.add("delete node " + nodeName);
            nodes.remove(nodeName);
        }
    }

    static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
