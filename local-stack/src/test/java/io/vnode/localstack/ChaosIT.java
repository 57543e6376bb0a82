package io.vnode.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Topics;
import io.vnode.emulator.Timing;
import io.vnode.localstack.bench.Chaos;
import io.vnode.localstack.bench.MalformedRecords;
import io.vnode.localkube.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chaos run of the default test suite, on the real control plane: a burst of pods with two replicas
 * of every service while each service is SIGKILLed and restarted in turn, a quarter of the pods is deleted
 * while the cloud answers 30% Throttling and 5% 5xx, the Kafka broker is restarted, the API server is
 * stopped for 60 s and Kafka for 5.5 minutes, and malformed records (undecodable, and decodable but
 * invalid) sit on every topic. Nothing may be lost, duplicated, orphaned or evicted.
 * (The long run: {@code ./run-local.sh chaos 2000}.)
 */
class ChaosIT {

    @Test
    void burstSurvivesKilledServicesOutagesAndCloudFaults() throws Exception {
        Path work = Files.createTempDirectory("vnode-chaos");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        int kafkaPort = Ports.freeRun(2);
        Stack.Options options = new Stack.Options(repo, work, kafkaPort, 0, 0, Ports.freeRun(Stack.SERVICES.size()), 0, Timing.instant(),
                null, null, Map.of(), Stack.KubeSource.CONTROL_PLANE);
        try (Stack stack = Stack.start(options, line -> System.out.println("[chaos] " + line));
             KubernetesClient client = stack.kubeClient()) {
            Map<String, Object> report = Chaos.run(stack, client, Chaos.Plan.full(120), System.out::println);
            System.out.println("[chaos] report " + report);

            // the chaos happened: every step in order, none failed
            List<String> expected = new ArrayList<>(List.of("second replica of every service", "malformed records put on every topic"));
            for (String module : Stack.SERVICES) {
                expected.add("SIGKILL " + module);
                expected.add("restarted " + module);
            }
            expected.addAll(List.of("deleted pods under cloud faults", "restarted the Kafka broker",
                    "stopped the API server", "API server back after 60 s",
                    "stopped the Kafka broker", "Kafka broker back after 330 s", "cloud faults cleared"));
            assertThat(report.get("timeline")).isEqualTo(expected);
            assertThat(report.get("pods_deleted_under_faults")).isEqualTo(30L);
            assertThat(report.get("pods_lost")).isEqualTo(0L);
            assertThat(report.get("duplicate_instances")).isEqualTo(0L);
            assertThat(report.get("pods_not_final")).isEqualTo(0L);
            assertThat(report.get("deleted_pods_not_gone")).isEqualTo(0L);
            assertThat(report.get("orphan_instances")).isEqualTo(0L);
            assertThat(report.get("pods_evicted")).isEqualTo(0L);
            assertThat(((Map<?, ?>) report.get("burst")).get("deleted_pods_with_live_instance")).isEqualTo(0L);
            assertThat(report.get("instances_left_after_delete")).isEqualTo(0L);
            @SuppressWarnings("unchecked")
            Map<String, Long> dlq = (Map<String, Long>) report.get("dead_letters");
            for (String topic : List.of(Topics.POD_LIFECYCLE, Topics.INSTANCE_COMMANDS, Topics.INSTANCE_EVENTS, Topics.POD_REJECTIONS)) {
                // the two undecodable records and every decodable-but-invalid one, and nothing else: no outage
                // (API server, Kafka, cloud faults, killed services) dead-letters a valid event
                assertThat(dlq.get(Topics.dlq(topic))).as(topic).isEqualTo(2L + MalformedRecords.of(topic).size());
            }
        }
    }
}
