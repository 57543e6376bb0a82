package io.vnode.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Keys;
import io.vnode.emulator.Timing;
import io.vnode.localkube.Ports;
import io.vnode.testsupport.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of cloud-executor on the real control plane, with the chart's RBAC: they share the commands, and
 * only the holder of the Lease watches the instances, so the second replica adds no watch calls (DescribeContainerGroup*
 * against a quota of the account). When the leader is killed, the other takes the Lease over and pods keep
 * getting their status.
 */
class ExecutorReplicasIT {

    static final Duration SETTLE = Duration.ofSeconds(120);
    static final String EXECUTOR = "cloud-executor";
    static final List<String> WATCH_APIS = List.of("DescribeContainerGroupStatus", "DescribeContainerGroupEvents");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void onlyTheLeaseHolderWatchesAndTheOtherTakesOverWhenItDies() throws Exception {
        Path work = Files.createTempDirectory("vnode-executors");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        try (Stack stack = Stack.start(new Stack.Options(repo, work, 0, 0, 0, Ports.freeRun(Stack.SERVICES.size()), 0,
                        Timing.instant(), KafkaBroker.bootstrapServers(), null, Map.of(), Stack.KubeSource.CONTROL_PLANE),
                line -> System.out.println("[executors] " + line), plane -> ChartIdentities.apply(repo, plane));
             KubernetesClient client = stack.kubeClient()) {
            ServiceProcess first = stack.service(EXECUTOR);
            await().atMost(SETTLE).until(() -> leader(first));
            ServiceProcess second = stack.addReplica(EXECUTOR);

            // the second replica stands by: while the first keeps polling, it makes no watch call
            Map<String, Double> secondBefore = watchCalls(second);
            double firstBefore = total(watchCalls(first));
            await().atMost(SETTLE).until(() -> total(watchCalls(first)) >= firstBefore + 6);
            assertThat(leader(first)).isTrue();
            assertThat(leader(second)).isFalse();
            assertThat(watchCalls(second)).as("watch calls of the standby replica").isEqualTo(secondBefore);
            assertThat(client.leases().inNamespace("kube-system").withName("vnode-cloud-executor").get().getSpec()
                    .getHolderIdentity()).isNotBlank();
            Pod before = client.pods().inNamespace("default").resource(pod("before")).create();
            awaitRunning(client, before);

            // the leader dies without releasing the Lease: the standby takes it over after the lease duration
            first.kill();
            await().atMost(SETTLE).until(() -> leader(second));
            double secondLed = total(watchCalls(second));
            await().atMost(SETTLE).until(() -> total(watchCalls(second)) > secondLed);
            Pod after = client.pods().inNamespace("default").resource(pod("after")).create();
            awaitRunning(client, after);
            client.pods().inNamespace("default").withName("before").delete();
            await().atMost(SETTLE).until(() -> client.pods().inNamespace("default").withName("before").get() == null);
        }
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels(Keys.LABEL_ECI, "true").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build();
    }

    private static void awaitRunning(KubernetesClient client, Pod pod) {
        await().atMost(SETTLE).until(() -> client.pods().inNamespace("default").withName(pod.getMetadata().getName()).get(),
                p -> p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
                        && Keys.instanceIdOf(p.getMetadata().getAnnotations()) != null);
    }

    private static boolean leader(ServiceProcess replica) throws Exception {
        Matcher m = Pattern.compile("(?m)^vnode_watch_leader\\{[^}]*} ([0-9.]+)$").matcher(metrics(replica));
        return m.find() && Double.parseDouble(m.group(1)) == 1.0;
    }

    /** The replica's calls of the watch feeds, by API (every outcome). */
    private static Map<String, Double> watchCalls(ServiceProcess replica) throws Exception {
        Map<String, Double> calls = new java.util.TreeMap<>();
        Matcher m = Pattern.compile("(?m)^vnode_cloud_calls_total\\{([^}]*)} ([0-9.E]+)$").matcher(metrics(replica));
        while (m.find()) {
            for (String api : WATCH_APIS) {
                if (m.group(1).contains("api=\"" + api + "\"")) {
                    calls.merge(api, Double.parseDouble(m.group(2)), Double::sum);
                }
            }
        }
        return calls;
    }

    private static double total(Map<String, Double> calls) {
        return calls.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static String metrics(ServiceProcess replica) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(replica.url() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
