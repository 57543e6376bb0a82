package io.vnode.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Keys;
import io.vnode.emulator.Timing;
import io.vnode.testsupport.Containers;
import io.vnode.localkube.PodFixtures;
import io.vnode.localkube.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The end-to-end scenario against a real Kubernetes (k3s) and a Kafka container, for machines with
 * Docker (skipped, not failed, elsewhere): the real scheduler places the seeds' nginx pod on the
 * virtual node by its nodeSelector and toleration, and the pod runs and is deleted as on the local stack.
 */
@Testcontainers(disabledWithoutDocker = true)
class EndToEndDockerIT {

    @Container
    static final KafkaContainer KAFKA = Containers.kafka();

    @Container
    static final K3sContainer K3S = Containers.k3s();

    @Test
    void nginxFromTheSeedsRunsOnTheVirtualNodeOfARealCluster() throws Exception {
        Path work = Files.createTempDirectory("vnode-e2e-docker");
        Path kubeconfig = work.resolve("kubeconfig");
        Files.writeString(kubeconfig, K3S.getKubeConfigYaml());
        int port = Ports.freeRun(Stack.SERVICES.size());
        Stack.Options options = new Stack.Options(Path.of("..").toAbsolutePath().normalize(), work, 0, 0, 0, port, 0,
                Timing.instant(), KAFKA.getBootstrapServers(), kubeconfig.toString(), Map.of(), Stack.KubeSource.CRUD);
        try (Stack stack = Stack.start(options, line -> System.out.println("[e2e-docker] " + line));
             KubernetesClient client = stack.kubeClient()) {
            Stack.createCredentialsSecret(client);
            Pod pod = client.pods().inNamespace("default").resource(new PodBuilder(PodFixtures.nginxAcsByNodeSelector())
                    .editMetadata().withName("nginx-docker").withUid(null).endMetadata().build()).create();

            Pod running = await().atMost(Duration.ofMinutes(3)).until(
                    () -> client.pods().inNamespace("default").withName("nginx-docker").get(),
                    p -> p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase()));
            assertThat(running.getSpec().getNodeName()).isEqualTo(Stack.NODE);
            assertThat(running.getMetadata().getAnnotations()).containsKey(Keys.ACS_INSTANCE_ID);

            client.pods().inNamespace("default").withName("nginx-docker").delete();
            await().atMost(Duration.ofMinutes(2)).until(() -> client.pods().inNamespace("default").withName("nginx-docker").get() == null);
            assertThat(pod.getMetadata().getUid()).isNotBlank();
        }
    }
}
