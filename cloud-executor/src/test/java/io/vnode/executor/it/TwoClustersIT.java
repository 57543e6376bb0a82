package io.vnode.executor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.Topics;
import io.vnode.contracts.instance.InstanceCreated;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.emulator.EciEmulator;
import io.vnode.emulator.EmulatorSettings;
import io.vnode.emulator.InstanceView;
import io.vnode.emulator.Timing;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.KubeApiServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two clusters installed with defaults (no cluster id configured) in one cloud account and region:
 * each executor takes its cluster's kube-system UID as its identity, stamps it on what it creates,
 * and neither sweeps the other's instances, though each sees pods the other's instances do not have.
 */
class TwoClustersIT {

    /** One cluster: its API server, its kube-system UID, its topics and its executor. */
    private record Cluster(KubeApiServer api, NamespacedKubernetesClient client, String uid, String commands,
                           String events, ConfigurableApplicationContext executor) implements AutoCloseable {

        static Cluster start(EciEmulator emulator) {
            KubeApiServer api = KubeApiServer.start();
            NamespacedKubernetesClient client = api.client();
            String uid = client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-system")
                    .endMetadata().build()).create().getMetadata().getUid();
            client.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata()
                    .withNamespace("kube-system").withName("alibaba-addon-secret").endMetadata()
                    .addToStringData("access-key-id", World.AK_ID).addToStringData("access-key-secret", World.AK_SECRET)
                    .build()).create();
            String commands = KafkaBroker.uniqueTopic(Topics.INSTANCE_COMMANDS);
            String events = KafkaBroker.uniqueTopic(Topics.INSTANCE_EVENTS);
            World.topics(commands, events, World.dlq(commands));
            Map<String, Object> p = World.properties(emulator, commands, events, null);
            p.remove("vnode.cloud.cluster-id");
            p.put("vnode.kube.master-url", api.url());
            return new Cluster(api, client, uid, commands, events, World.startExecutor(World.args(p)));
        }

        PodRef pod() {
            String name = "p-" + UUID.randomUUID().toString().substring(0, 8);
            Pod created = client.pods().inNamespace("default").resource(new PodBuilder()
                    .withNewMetadata().withNamespace("default").withName(name).withUid(UUID.randomUUID().toString())
                    .endMetadata().withNewSpec().withNodeName(World.VNODE).addNewContainer().withName("main")
                    .withImage("nginx").endContainer().endSpec().build()).create();
            return new PodRef("default", name, created.getMetadata().getUid());
        }

        double sweepPasses() {
            return executor.getBean(MeterRegistry.class).find("vnode.instance.sweep.passes").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
        }

        @Override
        public void close() {
            executor.close();
            client.close();
            api.close();
        }
    }

    @Test
    void twoClustersWithDefaultsInOneAccountNeverSweepEachOthersInstances() {
        try (EciEmulator emulator = EciEmulator.start(EmulatorSettings.builder().timing(Timing.instant()).build());
             Cluster a = Cluster.start(emulator);
             Cluster b = Cluster.start(emulator)) {
            assertThat(a.uid()).isNotBlank().isNotEqualTo(b.uid());
            PodRef podA = a.pod();
            PodRef podB = b.pod();
            // both requests carry the tag an unconfigured translator used to stamp: the executors stamp their own
            KafkaBroker.publish(a.commands(), World.create(podA, "default"));
            KafkaBroker.publish(b.commands(), World.create(podB, "default"));
            String instanceA = World.await(a.events(), InstanceCreated.class, podA).instanceId();
            String instanceB = World.await(b.events(), InstanceCreated.class, podB).instanceId();

            double passesA = a.sweepPasses();
            double passesB = b.sweepPasses();
            await().atMost(Duration.ofSeconds(30)).until(() -> a.sweepPasses() >= passesA + 3 && b.sweepPasses() >= passesB + 3);

            assertThat(emulator.admin().instance(instanceA)).get().extracting(InstanceView::tags)
                    .satisfies(tags -> assertThat(tags).containsEntry(Keys.TAG_CLUSTER_ID, a.uid()));
            assertThat(emulator.admin().instance(instanceB)).get().extracting(InstanceView::tags)
                    .satisfies(tags -> assertThat(tags).containsEntry(Keys.TAG_CLUSTER_ID, b.uid()));
            for (Cluster c : new Cluster[] {a, b}) {
                assertThat(World.events(World.readAll(c.events()))).noneMatch(InstanceDeleted.class::isInstance);
            }
        }
    }
}
