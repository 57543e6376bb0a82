package io.vnode.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.vnode.agent.NodeAgentApplication;
import io.vnode.contracts.Keys;
import io.vnode.contracts.Topics;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.KubeControlPlane;
import io.vnode.localkube.PodFixtures;
import io.vnode.localkube.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * The kubelet port on the real control plane: the API server proxies {@code kubectl logs} to it with its
 * kubelet client certificate and gets the log; any other caller gets only what RBAC gives its user on
 * the node (a certificate signed by the cluster CA proves who it is, not what it may do).
 */
class KubeletAuthorizationIT {

    private static final String NODE = "virtual-kubelet-cn-hangzhou-k";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static KubeControlPlane plane;
    private static KubernetesClient admin;
    private static FakeEci eci;
    private static ConfigurableApplicationContext agent;
    private static int kubeletPort;

    @BeforeAll
    static void start() throws Exception {
        plane = KubeControlPlane.start(new KubeControlPlane.Options(Path.of("..").toAbsolutePath().normalize(),
                Files.createTempDirectory("vnode-kubelet-authz"), 0, List.of()), line -> System.out.println("[control-plane] " + line));
        admin = plane.adminClient();
        eci = new FakeEci();
        kubeletPort = Ports.free();
        String topic = KafkaBroker.uniqueTopic(Topics.POD_LIFECYCLE);
        KafkaBroker.createTopics(topic);
        Path pki = plane.pki();
        agent = new SpringApplicationBuilder(NodeAgentApplication.class).web(WebApplicationType.REACTIVE)
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean(KubernetesClient.class, plane::adminClient))
                .run("--server.port=0", "--spring.main.banner-mode=off",
                        "--spring.cloud.stream.kafka.binder.brokers=" + KafkaBroker.bootstrapServers(),
                        "--vnode.kafka.topic=" + topic,
                        "--vnode.region-id=cn-hangzhou", "--vnode.zones=cn-hangzhou-k",
                        "--vnode.webhook.enabled=false", "--vnode.leader-election.enabled=false",
                        "--vnode.cloud.endpoint=" + eci.endpoint(), "--vnode.cloud.protocol=HTTP",
                        "--vnode.cloud.access-key-id=testAkId", "--vnode.cloud.access-key-secret=testAkSecret",
                        "--vnode.node.internal-ip=127.0.0.1", "--vnode.node.kubelet-port=" + kubeletPort,
                        "--vnode.kubelet.listen-port=" + kubeletPort,
                        "--vnode.kubelet.cert-file=" + pki.resolve("services.crt"),
                        "--vnode.kubelet.key-file=" + pki.resolve("services.key"),
                        "--vnode.kubelet.client-ca-file=" + pki.resolve("ca.crt"),
                        "--vnode.kubelet.unauthorized-cache-ttl=PT1S");
        await().atMost(WAIT).until(() -> admin.nodes().withName(NODE).get() != null);
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (eci != null) {
            eci.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    void theApiServerGetsLogsWithItsKubeletClientCertificate() {
        Pod pod = runningPod();
        String log = await().atMost(WAIT).ignoreExceptions().until(() -> admin.pods().inNamespace("default")
                .withName(pod.getMetadata().getName()).inContainer("nginx").getLog(), l -> l != null && !l.isBlank());
        assertThat(log).isEqualTo("line 1\nline 2\n");
    }

    @Test
    void aCertificateOfAUserWithoutRbacOnTheNodeIsForbidden() throws Exception {
        Pod pod = runningPod();
        kubeletAs(ClusterCertificates.issueClient(plane.pki(), "nobody-" + suffix(), List.of("some-team")))
                .get().uri("/containerLogs/default/{pod}/nginx", pod.getMetadata().getName())
                .exchange().expectStatus().isForbidden().expectBody(String.class).value(b -> assertThat(b)
                        .startsWith("Forbidden (user=nobody-").contains("verb=get, resource=nodes, subresource=proxy, name=" + NODE));
    }

    @Test
    void aUserBoundToKubeletApiAdminGetsLogs() throws Exception {
        Pod pod = runningPod();
        String user = "log-reader-" + suffix();
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(user).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("system:kubelet-api-admin")
                .endRoleRef().addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject()
                .build()).create();
        WebTestClient kubelet = kubeletAs(ClusterCertificates.issueClient(plane.pki(), user, List.of()));
        await().atMost(WAIT).untilAsserted(() -> kubelet.get().uri("/containerLogs/default/{pod}/nginx", pod.getMetadata().getName())
                .exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("line 1\nline 2\n"));
    }

    @Test
    void thePathDecidesTheSubresourceAsAKubeletMapsIt() throws Exception {
        Pod pod = runningPod();
        String user = "node-log-only-" + suffix();
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(user).endMetadata()
                .addNewRule().withApiGroups("").withResources("nodes/log").withVerbs("get").endRule().build()).create();
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(user).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(user).endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject()
                .build()).create();
        WebTestClient kubelet = kubeletAs(ClusterCertificates.issueClient(plane.pki(), user, List.of()));
        // nodes/log lets it past authorization to /logs (which this node does not serve), not to container logs (nodes/proxy)
        await().atMost(WAIT).untilAsserted(() -> kubelet.get().uri("/logs/").exchange().expectStatus().isNotFound());
        kubelet.get().uri("/containerLogs/default/{pod}/nginx", pod.getMetadata().getName())
                .exchange().expectStatus().isForbidden().expectBody(String.class).value(b -> assertThat(b).contains("subresource=proxy"));
    }

    @Test
    void aBearerTokenIsReviewedAndItsUserAuthorized() {
        Pod pod = runningPod();
        String account = "reader-" + suffix();
        String token = plane.tokenFor("default", account, Duration.ofMinutes(10));
        WebTestClient kubelet = kubelet(null);
        kubelet.get().uri("/containerLogs/default/{pod}/nginx", pod.getMetadata().getName())
                .header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isForbidden().expectBody(String.class)
                .value(b -> assertThat(b).contains("user=system:serviceaccount:default:" + account));
        kubelet.get().uri("/containerLogs/default/{pod}/nginx", pod.getMetadata().getName())
                .header("Authorization", "Bearer not-a-token")
                .exchange().expectStatus().isUnauthorized();
        kubelet.get().uri("/containerLogs/default/{pod}/nginx", pod.getMetadata().getName())
                .exchange().expectStatus().isUnauthorized();

        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(account).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("system:kubelet-api-admin")
                .endRoleRef().addNewSubject().withKind("ServiceAccount").withNamespace("default").withName(account).endSubject()
                .build()).create();
        await().atMost(WAIT).untilAsserted(() -> kubelet.get().uri("/containerLogs/default/{pod}/nginx", pod.getMetadata().getName())
                .header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("line 1\nline 2\n"));
    }

    private static Pod runningPod() {
        return admin.pods().inNamespace("default").resource(new PodBuilder(PodFixtures.onNode(PodFixtures.nginxAcsByNodeSelector(), NODE))
                .editMetadata().withName("logs-" + suffix()).withGenerateName(null).withUid(null).withResourceVersion(null)
                .withOwnerReferences(List.of())
                .addToAnnotations(Keys.ECI_INSTANCE_ID, "eci-" + suffix()).endMetadata().build()).create();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static WebTestClient kubeletAs(ClusterCertificates.Issued certificate) {
        return kubelet(certificate);
    }

    private static WebTestClient kubelet(ClusterCertificates.Issued certificate) {
        try {
            SslContextBuilder ssl = SslContextBuilder.forClient().trustManager(plane.pki().resolve("ca.crt").toFile());
            if (certificate != null) {
                ssl.keyManager(certificate.certificate().toFile(), certificate.key().toFile());
            }
            SslContext context = ssl.build();
            HttpClient http = HttpClient.create().secure(spec -> spec.sslContext(context));
            return WebTestClient.bindToServer(new ReactorClientHttpConnector(http)).baseUrl("https://127.0.0.1:" + kubeletPort)
                    .responseTimeout(Duration.ofSeconds(20)).build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }
}
