package io.vnode.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Topics;
import io.vnode.emulator.Timing;
import io.vnode.localstack.bench.Chaos;
import io.vnode.testsupport.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The short chaos run of the default test suite: a burst of pods while every service is SIGKILLed and
 * restarted in turn, the Kafka broker process is restarted, the cloud answers 30% Throttling and 5%
 * 5xx, and malformed records sit on every topic. Nothing may be lost, duplicated or orphaned.
 * (The long run: {@code ./run-local.sh chaos 2000}.)
 */
class ChaosIT {

    @Test
    void burstSurvivesKilledServicesBrokerRestartAndCloudFaults() throws Exception {
        Path work = Files.createTempDirectory("vnode-chaos");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        int kafkaPort = Ports.free();
        Stack.Options options = new Stack.Options(repo, work, kafkaPort, 0, 0, Ports.freeRun(Stack.SERVICES.size()), 0, Timing.instant(),
                null, null, Map.of(), Stack.KubeSource.CONTROL_PLANE);
        try (Stack stack = Stack.start(options, line -> System.out.println("[chaos] " + line));
             KubernetesClient client = stack.kubeClient()) {
            Map<String, Object> report = Chaos.run(stack, client, 120, true, System.out::println);
            System.out.println("[chaos] report " + report);

            // the chaos happened: every service SIGKILLed and back, the broker restarted, no step failed
            List<String> expected = new ArrayList<>(List.of("malformed records put on every topic"));
            for (String module : Stack.SERVICES) {
                expected.add("SIGKILL " + module);
                expected.add("restarted " + module);
            }
            expected.addAll(List.of("restarted the Kafka broker", "cloud faults cleared"));
            assertThat(report.get("timeline")).isEqualTo(expected);
            assertThat(report.get("pods_lost")).isEqualTo(0L);
            assertThat(report.get("duplicate_instances")).isEqualTo(0L);
            assertThat(report.get("pods_not_final")).isEqualTo(0);
            assertThat(report.get("orphan_instances")).isEqualTo(0L);
            assertThat(report.get("instances_left_after_delete")).isEqualTo(0L);
            @SuppressWarnings("unchecked")
            Map<String, Long> dlq = (Map<String, Long>) report.get("dead_letters");
            assertThat(dlq.get(Topics.dlq(Topics.POD_LIFECYCLE))).isGreaterThanOrEqualTo(2L);
            assertThat(dlq.get(Topics.dlq(Topics.INSTANCE_COMMANDS))).isGreaterThanOrEqualTo(2L);
            assertThat(dlq.get(Topics.dlq(Topics.INSTANCE_EVENTS))).isGreaterThanOrEqualTo(2L);
            assertThat(dlq.get(Topics.dlq(Topics.POD_REJECTIONS))).isGreaterThanOrEqualTo(2L);
        }
    }
}
