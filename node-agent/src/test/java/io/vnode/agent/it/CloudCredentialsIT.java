package io.vnode.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.agent.NodeAgentApplication;
import io.vnode.agent.adapter.kube.KubeletServer;
import io.vnode.contracts.Keys;
import io.vnode.contracts.Topics;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.KubeApiServer;
import io.vnode.localkube.PodFixtures;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The AccessKey the agent signs with comes from the credentials Secret and is read again: a key the cloud
 * refuses is the node's ControlPathAvailable=False (CloudCredentialsRejected, with the cloud's code), and
 * the rotated key in the Secret is used without a restart.
 */
class CloudCredentialsIT {

    private static final String NODE = "virtual-kubelet-cn-hangzhou-c";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aRefusedKeyIsAConditionAndTheRotatedKeyIsUsedWithoutARestart() throws Exception {
        try (KubeApiServer api = KubeApiServer.start(); KubernetesClient kube = api.client(); FakeEci eci = new FakeEci()) {
            writeKey(kube, "AK-old", "secret-old");
            eci.acceptOnly("AK-new");
            String topic = KafkaBroker.uniqueTopic(Topics.POD_LIFECYCLE);
            KafkaBroker.createTopics(topic);
            try (ConfigurableApplicationContext agent = new SpringApplicationBuilder(NodeAgentApplication.class)
                    .web(WebApplicationType.REACTIVE).run("--server.port=0", "--spring.main.banner-mode=off",
                            "--spring.cloud.stream.kafka.binder.brokers=" + KafkaBroker.bootstrapServers(),
                            "--vnode.kafka.topic=" + topic, "--vnode.kube.master-url=" + api.url(),
                            "--vnode.region-id=cn-hangzhou", "--vnode.zones=cn-hangzhou-c",
                            "--vnode.webhook.enabled=false", "--vnode.leader-election.enabled=false",
                            "--vnode.health.interval=PT0.5S", "--vnode.health.credential-interval=PT0.5S",
                            "--vnode.node.renew-interval=PT0.5S",
                            "--vnode.cloud.credentials.ttl=PT0.5S",
                            "--vnode.cloud.endpoint=" + eci.endpoint(), "--vnode.cloud.protocol=HTTP",
                            "--vnode.cloud.access-key-id=AK-env", "--vnode.cloud.access-key-secret=secret-env",
                            "--vnode.kubelet.listen-port=0", "--vnode.kubelet.authorization-mode=AlwaysAllow")) {
                NodeCondition refused = awaitControlPath(kube, "False", "CloudCredentialsRejected");
                assertThat(refused.getMessage()).contains("the cloud refuses the AccessKey", "AK-old", "InvalidAccessKeyId.NotFound")
                        .doesNotContain("secret-old");
                assertThat(condition(kube.nodes().withName(NODE).get(), "Ready").getStatus()).isEqualTo("True");
                assertThat(kube.nodes().withName(NODE).get().getSpec().getTaints()).anySatisfy(t -> {
                    assertThat(t.getKey()).isEqualTo("vnode.alibabacloud.com/control-path-unavailable");
                    assertThat(t.getValue()).isEqualTo("CloudCredentialsRejected");
                });

                Pod pod = kube.pods().resource(new PodBuilder(PodFixtures.onNode(PodFixtures.nginxAcsByNodeSelector(), NODE))
                        .editMetadata().addToAnnotations(Keys.ECI_INSTANCE_ID, "eci-creds-1").endMetadata().build()).create();
                WebTestClient kubelet = WebTestClient.bindToServer()
                        .baseUrl("http://127.0.0.1:" + agent.getBean(KubeletServer.class).port()).build();
                kubelet.get().uri("/containerLogs/default/{pod}/nginx", pod.getMetadata().getName()).exchange()
                        .expectStatus().isEqualTo(503).expectBody(String.class)
                        .value(b -> assertThat(b).contains("refused the AccessKey (InvalidAccessKeyId.NotFound)"));

                writeKey(kube, "AK-new", "secret-new");
                awaitControlPath(kube, "True", "KafkaAndCloudApiReachable");
                eci.calls.clear();
                kubelet.get().uri("/containerLogs/default/{pod}/nginx", pod.getMetadata().getName()).exchange()
                        .expectStatus().isOk().expectBody(String.class).isEqualTo("line 1\nline 2\n");
                assertThat(eci.calls).filteredOn(c -> "DescribeContainerLog".equals(c.get("Action")))
                        .extracting(c -> c.get("AccessKeyId")).containsOnly("AK-new");
            }
        }
    }

    private static void writeKey(KubernetesClient kube, String id, String secret) {
        kube.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata().withName("alibaba-addon-secret")
                .withNamespace("kube-system").endMetadata()
                .withStringData(Map.of("access-key-id", id, "access-key-secret", secret)).build()).createOr(c -> c.update());
    }

    private static NodeCondition awaitControlPath(KubernetesClient kube, String status, String reason) {
        return await().atMost(WAIT).until(() -> {
            Node node = kube.nodes().withName(NODE).get();
            return node == null || node.getStatus() == null || node.getStatus().getConditions() == null ? null
                    : condition(node, "ControlPathAvailable");
        }, c -> c != null && status.equals(c.getStatus()) && reason.equals(c.getReason()));
    }

    private static NodeCondition condition(Node node, String type) {
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
