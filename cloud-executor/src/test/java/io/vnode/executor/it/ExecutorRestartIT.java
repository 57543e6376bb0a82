package io.vnode.executor.it;

import static io.vnode.executor.it.World.create;
import static io.vnode.executor.it.World.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.Topics;
import io.vnode.contracts.instance.InstanceCreated;
import io.vnode.emulator.EciEmulator;
import io.vnode.emulator.EmulatorSettings;
import io.vnode.emulator.RateLimit;
import io.vnode.emulator.Timing;
import io.vnode.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The executor is stopped in the middle of a burst and started again: no command lost, no instance doubled. */
class ExecutorRestartIT {

    static final String CLUSTER = "it-restart";

    @Test
    void killedMidBurstAndRestartedLosesNoCommandAndDuplicatesNothing() {
        String commands = KafkaBroker.uniqueTopic(Topics.INSTANCE_COMMANDS);
        String events = KafkaBroker.uniqueTopic(Topics.INSTANCE_EVENTS);
        World.topics(commands, events, World.dlq(commands));
        World.credentials(World.AK_ID, World.AK_SECRET);
        try (EciEmulator emulator = EciEmulator.start(EmulatorSettings.builder().timing(Timing.instant())
                .rateLimit("CreateContainerGroup", new RateLimit(10, Duration.ofSeconds(1))).build())) {
            Map<String, Object> p = World.properties(emulator, commands, events, CLUSTER);
            p.put("vnode.cloud.quota.window", "1s");
            p.put("vnode.cloud.quota.create-container-group", 10);
            p.put("vnode.watch.enabled", "false");
            String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);

            int n = 60;
            List<PodRef> pods = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                pods.add(pod("restart"));
            }
            ConfigurableApplicationContext first = World.startExecutor(args);
            try (KafkaProducer<String, byte[]> producer = KafkaBroker.producer()) {
                for (PodRef pod : pods) {
                    KafkaBroker.send(producer, commands, create(pod, CLUSTER));
                }
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> emulator.admin().instances().size() >= 10);
            first.close();
            int createdBeforeRestart = emulator.admin().instances().size();
            assertThat(createdBeforeRestart).as("stopped mid-burst").isLessThan(n);

            ConfigurableApplicationContext second = World.startExecutor(args);
            try {
                Set<String> wanted = new HashSet<>();
                pods.forEach(pod -> wanted.add(pod.uid()));
                KafkaBroker.readUntil(events, rs -> {
                    Set<String> seen = new HashSet<>();
                    World.events(rs).stream().filter(InstanceCreated.class::isInstance).forEach(e -> seen.add(e.pod().uid()));
                    return seen.containsAll(wanted);
                }, Duration.ofSeconds(90));
            } finally {
                second.close();
            }
            Map<String, Long> counts = emulator.admin().instanceCountByTag(Keys.TAG_POD_UID);
            for (PodRef pod : pods) {
                assertThat(counts.get(pod.uid())).as("instances of %s", pod.uid()).isEqualTo(1L);
            }
            assertThat(emulator.admin().instances()).hasSize(n);
            System.out.printf("restart: %d of %d instances existed when the first executor stopped%n", createdBeforeRestart, n);
        }
    }
}
