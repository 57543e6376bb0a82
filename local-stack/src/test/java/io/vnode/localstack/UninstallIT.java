package io.vnode.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Keys;
import io.vnode.emulator.InstanceView;
import io.vnode.emulator.Timing;
import io.vnode.testsupport.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * helm uninstall on the real control plane: seed 000's nginx Deployment runs on the virtual node; node-agent
 * restarted as a rolling restart does (SIGTERM, start again) keeps the node and the pods; then node-agent's jar
 * runs in uninstall mode exactly as the chart's pre-delete hook runs it (same arguments, the cluster through
 * KUBECONFIG) and must leave no pod bound to the virtual node, no live instance and no virtual node, while
 * the running agent does not bring the node back. The agent writes its status every 5 s here (1 min by
 * default), so a node it would register again would be back well within the 30 s the test watches.
 */
class UninstallIT {

    static final Duration SETTLE = Duration.ofSeconds(120);

    @Test
    void aRollingRestartKeepsTheNodeAndUninstallLeavesNoPodInstanceOrNodeScenario() throws Exception {
        Path work = Files.createTempDirectory("vnode-uninstall");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Map<String, Map<String, String>> extra = Map.of("node-agent",
                Map.of("vnode.node.status-interval", "5s", "vnode.node.renew-interval", "2s"));
        try (Stack stack = Stack.start(new Stack.Options(repo, work, 0, 0, 0, freeRun(Stack.SERVICES.size()), 0,
                Timing.instant(), KafkaBroker.bootstrapServers(), null, extra, Stack.KubeSource.CONTROL_PLANE),
                line -> System.out.println("[uninstall] " + line));
             KubernetesClient client = stack.kubeClient()) {
            Deployment deployment = (Deployment) Seeds.create(client, "000-nginx-by-node-selector.yaml", "default").get(0);
            int replicas = deployment.getSpec().getReplicas();
            List<Pod> running = await().atMost(SETTLE).until(() -> boundPods(client), pods -> pods.size() == replicas
                    && pods.stream().allMatch(p -> "Running".equals(p.getStatus().getPhase())
                    && Keys.instanceIdOf(p.getMetadata().getAnnotations()) != null));
            Set<String> uids = running.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
            String nodeUid = client.nodes().withName(Stack.NODE).get().getMetadata().getUid();

            // a rolling restart: the agent stops (SIGTERM) and starts again; the node is never deleted, the pods stay
            stack.service("node-agent").close();
            assertThat(client.nodes().withName(Stack.NODE).get().getMetadata().getUid()).isEqualTo(nodeUid);
            stack.service("node-agent").restart().awaitReady(Duration.ofSeconds(180));
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20)).until(() -> {
                Node node = client.nodes().withName(Stack.NODE).get();
                return node != null && node.getMetadata().getUid().equals(nodeUid) && boundPods(client).stream()
                        .allMatch(p -> uids.contains(p.getMetadata().getUid()) && p.getMetadata().getDeletionTimestamp() == null);
            });
            assertThat(liveInstances(stack, uids)).hasSize(replicas);

            // helm uninstall: the pre-delete hook, as the chart runs it
            Path log = stack.logDir().resolve("node-agent-uninstall.log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", ServiceProcess.jarOf(repo, "node-agent").toString(),
                    "--vnode.mode=uninstall", "--vnode.uninstall.timeout=120s"));
            ProcessBuilder hook = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // the chart gives the Job VNODE_REGION_ID and VNODE_ZONES; the cluster comes from the kubeconfig
            hook.environment().putAll(Map.of("KUBECONFIG", stack.kubeconfig().toAbsolutePath().toString(),
                    "VNODE_REGION_ID", Stack.REGION, "VNODE_ZONES", Stack.ZONE));
            Process uninstall = hook.start();
            assertThat(uninstall.waitFor(200, TimeUnit.SECONDS)).as("uninstall ended; log %s", log).isTrue();
            assertThat(uninstall.exitValue()).as("uninstall exit code; log:\n%s", Files.readString(log)).isZero();

            assertThat(boundPods(client)).as("pods bound to the virtual node").isEmpty();
            assertThat(client.nodes().withName(Stack.NODE).get()).as("the virtual node").isNull();
            assertThat(client.leases().inNamespace("kube-node-lease").withName(Stack.NODE).get()).as("its Lease").isNull();
            await().atMost(SETTLE).until(() -> stack.emulator().admin().instances().stream()
                    .noneMatch(i -> !"Terminating".equals(i.status())));
            // the agent still runs and does not register the node again
            await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(40))
                    .until(() -> client.nodes().withName(Stack.NODE).get() == null
                            && client.leases().inNamespace("kube-node-lease").withName(Stack.NODE).get() == null);
            // the Deployment's new pods wait with no node to go to
            assertThat(client.pods().inNamespace("default").withLabel("app", "nginx").list().getItems())
                    .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNull());

            // then Helm deletes the Deployment: the leader removes its leader-election Lease as it stops
            stack.service("node-agent").close();
            assertThat(client.leases().inNamespace("kube-system").withName("vnode-node-agent").get()).isNull();
            assertThat(client.nodes().withName(Stack.NODE).get()).isNull();
        }
    }

    /** The first of {@code n} consecutive free ports (the stack gives the services one each, in order). */
    private static int freeRun(int n) throws java.io.IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = 20000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(20000);
            List<java.net.ServerSocket> held = new ArrayList<>();
            try {
                for (int p = first; p < first + n; p++) {
                    held.add(new java.net.ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress()));
                }
                return first;
            } catch (java.io.IOException taken) {
                // try another run
            } finally {
                for (java.net.ServerSocket s : held) {
                    s.close();
                }
            }
        }
        throw new java.io.IOException("no " + n + " consecutive free ports");
    }

    private static List<Pod> boundPods(KubernetesClient client) {
        return client.pods().inAnyNamespace().withField("spec.nodeName", Stack.NODE).list().getItems();
    }

    private static List<InstanceView> liveInstances(Stack stack, Set<String> podUids) {
        return stack.emulator().admin().instances().stream()
                .filter(i -> podUids.contains(i.tags().get(Keys.TAG_POD_UID)) && !"Terminating".equals(i.status())).toList();
    }
}
