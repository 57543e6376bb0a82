package io.vnode.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KubeApiServerIT {

    static KubeApiServer server;
    static KubernetesClient client;

    @BeforeAll
    static void start() {
        server = KubeApiServer.start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void watchWithNodeNameFieldSelectorSeesOnlyPodsOfThatNode() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Watch ignored = client.pods().inAnyNamespace().withField("spec.nodeName", "vk-a").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                seen.add(action + " " + pod.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            client.pods().inNamespace("default").resource(PodFixtures.onNode(named(PodFixtures.nginxAcsByLabel(), "on-a"), "vk-a")).create();
            client.pods().inNamespace("default").resource(PodFixtures.onNode(named(PodFixtures.nginxAcsByLabel(), "on-b"), "vk-b")).create();
            client.pods().inNamespace("default").withName("on-a").editStatus(p -> new PodBuilder(p).editOrNewStatus().withPhase("Running").endStatus().build());
            client.pods().inNamespace("default").withName("on-a").delete();

            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 3);
            assertThat(seen).containsExactly("ADDED on-a", "MODIFIED on-a", "DELETED on-a");
        }
        assertThat(client.pods().inAnyNamespace().withField("spec.nodeName", "vk-b").list().getItems())
                .extracting(p -> p.getMetadata().getName()).containsExactly("on-b");
    }

    @Test
    void leasesAndStatusSubresourceWork() {
        client.leases().inNamespace("kube-node-lease").resource(new LeaseBuilder().withNewMetadata().withName("vk-a")
                .endMetadata().withNewSpec().withHolderIdentity("vk-a").withLeaseDurationSeconds(40).endSpec().build()).create();
        ZonedDateTime renew = ZonedDateTime.parse("2026-11-23T10:00:00Z");
        Lease renewed = client.leases().inNamespace("kube-node-lease").withName("vk-a")
                .edit(l -> new LeaseBuilder(l).editSpec().withRenewTime(renew).endSpec().build());
        assertThat(renewed.getSpec().getRenewTime()).isEqualTo(renew);

        Pod pod = client.pods().inNamespace("default").resource(named(PodFixtures.eciLabelledUseSpecs(), "status-pod")).create();
        client.pods().inNamespace("default").resource(new PodBuilder(pod).editOrNewStatus().withPhase("Pending").endStatus().build()).patchStatus();
        assertThat(client.pods().inNamespace("default").withName("status-pod").get().getStatus().getPhase()).isEqualTo("Pending");
    }

    private static Pod named(Pod pod, String name) {
        return new PodBuilder(pod).editMetadata().withName(name).endMetadata().build();
    }
}
