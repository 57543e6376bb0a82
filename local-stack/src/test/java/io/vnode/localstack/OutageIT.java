package io.vnode.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Keys;
import io.vnode.emulator.Timing;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An outage of node-agent itself, on the real control plane: every replica gone for longer than the
 * node's grace period plus the pods' default not-ready/unreachable toleration. The node lifecycle
 * controller marks the virtual node Unknown and taints it NoExecute; the pods must stay (evicted, their
 * instances would be deleted: the control path's outage would become the workloads'). The windows are
 * shortened (grace 20 s, twice the nodes' lease renewal; default tolerations 5 s) so the test sees in
 * seconds what takes ~6 minutes with the defaults.
 */
class OutageIT {

    static final Duration SETTLE = Duration.ofSeconds(120);

    @Test
    void podsOnTheVirtualNodeOutliveAnAgentOutagePastTheirDefaultTolerations() throws Exception {
        Path work = Files.createTempDirectory("vnode-outage");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Map<String, Map<String, String>> flags = Map.of(
                "kube-controller-manager", Map.of("node-monitor-grace-period", "20s", "node-monitor-period", "2s"),
                "kube-apiserver", Map.of("default-not-ready-toleration-seconds", "5", "default-unreachable-toleration-seconds", "5"));
        try (Stack stack = Stack.start(new Stack.Options(repo, work, 0, 0, 0, Ports.freeRun(Stack.SERVICES.size()), 0,
                Timing.instant(), KafkaBroker.bootstrapServers(), null, flags, Stack.KubeSource.CONTROL_PLANE),
                line -> System.out.println("[outage] " + line));
             KubernetesClient client = stack.kubeClient()) {
            Deployment deployment = (Deployment) Seeds.create(client, "000-nginx-by-node-selector.yaml", "default").get(0);
            List<Pod> running = await().atMost(SETTLE).until(() -> pods(client),
                    pods -> pods.size() == deployment.getSpec().getReplicas()
                            && pods.stream().allMatch(p -> "Running".equals(p.getStatus().getPhase()) && Keys.instanceIdOf(
                            p.getMetadata().getAnnotations()) != null));
            Set<String> uids = running.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
            // the webhook took the time limit off the tolerations the API server gave them (5 s here)
            assertThat(running).allSatisfy(p -> assertThat(p.getSpec().getTolerations())
                    .anySatisfy(t -> {
                        assertThat(t.getKey()).isEqualTo("node.kubernetes.io/unreachable");
                        assertThat(t.getTolerationSeconds()).isNull();
                    }));

            stack.service("node-agent").kill();
            await().atMost(SETTLE).until(() -> condition(client.nodes().withName(Stack.NODE).get(), "Ready"),
                    c -> c != null && "Unknown".equals(c.getStatus()));
            await().atMost(SETTLE).until(() -> client.nodes().withName(Stack.NODE).get().getSpec().getTaints().stream()
                    .anyMatch(t -> "node.kubernetes.io/unreachable".equals(t.getKey()) && "NoExecute".equals(t.getEffect())));

            // four times the default toleration later, every pod is still there and still running in the cloud
            await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(30)).until(() -> {
                List<Pod> now = pods(client);
                return now.size() == uids.size() && now.stream().allMatch(p -> uids.contains(p.getMetadata().getUid())
                        && p.getMetadata().getDeletionTimestamp() == null);
            });
            assertThat(stack.emulator().admin().instances().stream()
                    .filter(i -> uids.contains(i.tags().get(Keys.TAG_POD_UID))).map(i -> i.status()))
                    .hasSize(uids.size()).allMatch("Running"::equals);

            // the agent returns: the node is Ready again and the same pods run on
            stack.service("node-agent").restart().awaitReady(Duration.ofSeconds(180));
            await().atMost(SETTLE).until(() -> condition(client.nodes().withName(Stack.NODE).get(), "Ready"),
                    c -> c != null && "True".equals(c.getStatus()));
            assertThat(pods(client)).extracting(p -> p.getMetadata().getUid()).containsExactlyInAnyOrderElementsOf(uids);
        }
    }

    private static List<Pod> pods(KubernetesClient client) {
        return client.pods().inNamespace("default").withLabel("app", "nginx").list().getItems();
    }

    private static NodeCondition condition(Node node, String type) {
        return node == null || node.getStatus() == null ? null
                : node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
