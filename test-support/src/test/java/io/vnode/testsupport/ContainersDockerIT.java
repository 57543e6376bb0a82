package io.vnode.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.kafka.KafkaContainer;

/** The Docker tier: runs where a Docker engine answers, reported skipped elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class ContainersDockerIT {

    @Container
    static final KafkaContainer KAFKA = Containers.kafka();

    @Container
    static final K3sContainer K3S = Containers.k3s();

    @Test
    void kafkaAndK3sStart() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", KAFKA.getBootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get()).isNotEmpty();
        }
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build()) {
            assertThat(client.nodes().list().getItems()).isNotEmpty();
        }
    }
}
