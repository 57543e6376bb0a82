package io.vnode.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Keys;
import io.vnode.emulator.Timing;
import io.vnode.localkube.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClient;
import org.junit.jupiter.api.Test;

/**
 * The whole product against a Kafka that asks for SASL_SSL, as a managed Kafka does: every service's
 * clients (the binder's and the services' own producers and admin clients) take the security settings
 * from {@code spring.kafka.properties.*}; a client that passed only bootstrap.servers would leave the
 * node without ControlPathAvailable and the pods Pending.
 */
class KafkaSecurityIT {

    static final Duration SETTLE = Duration.ofSeconds(120);

    @Test
    void everyServiceTalksToASaslSslBroker() throws Exception {
        Path work = Files.createTempDirectory("vnode-kafka-sasl");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        KafkaSecurity security = KafkaSecurity.create(work.resolve("kafka-tls"));
        try (KafkaProcess kafka = KafkaProcess.start(work.resolve("kafka"), Ports.freeRun(2),
                work.resolve("logs").resolve("kafka.log"), security)) {
            kafka.createTopics(3);
            // the listener really is secured: a client with nothing but the address gets nowhere
            try (AdminClient plain = AdminClient.create(Map.of("bootstrap.servers", kafka.bootstrap(),
                    "request.timeout.ms", "3000", "default.api.timeout.ms", "5000"))) {
                assertThatThrownBy(() -> plain.describeCluster().nodes().get(10, TimeUnit.SECONDS)).isNotNull();
            }

            Map<String, Map<String, String>> extra = new LinkedHashMap<>();
            Stack.SERVICES.forEach(s -> extra.put(s, security.springProperties()));
            try (Stack stack = Stack.start(new Stack.Options(repo, work, 0, 0, 0, Ports.freeRun(Stack.SERVICES.size()), 0,
                    Timing.instant(), kafka.bootstrap(), null, extra, Stack.KubeSource.CONTROL_PLANE),
                    line -> System.out.println("[kafka-sasl] " + line));
                 KubernetesClient client = stack.kubeClient()) {
                await().atMost(SETTLE).until(() -> condition(client, "ControlPathAvailable"),
                        c -> c != null && "True".equals(c.getStatus()));

                Deployment deployment = (Deployment) Seeds.create(client, "000-nginx-by-node-selector.yaml", "default").get(0);
                List<Pod> running = await().atMost(SETTLE).until(() -> client.pods().inNamespace("default")
                                .withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems(),
                        pods -> pods.size() == deployment.getSpec().getReplicas() && pods.stream().allMatch(p ->
                                "Running".equals(p.getStatus().getPhase())
                                        && Keys.instanceIdOf(p.getMetadata().getAnnotations()) != null));
                assertThat(running).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo(Stack.NODE));

                // the SASL password is in no service's log
                String password = security.clientProperties().get("sasl.jaas.config").replaceAll(".*password=\"([^\"]+)\".*", "$1");
                try (Stream<Path> logs = Files.list(work.resolve("logs"))) {
                    for (Path log : logs.toList()) {
                        assertThat(Files.readString(log)).as(log.toString()).doesNotContain(password);
                    }
                }
            }
        }
    }

    private static NodeCondition condition(KubernetesClient client, String type) {
        var node = client.nodes().withName(Stack.NODE).get();
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
