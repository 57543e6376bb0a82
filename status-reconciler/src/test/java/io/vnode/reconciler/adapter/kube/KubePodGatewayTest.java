package io.vnode.reconciler.adapter.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vnode.reconciler.app.PodGateway;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KubePodGatewayTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"42\"},\"spec\":{}}|42",
            "{\"metadata\":{\"labels\":{\"resourceVersion\":\"no\"},\"annotations\":{\"x\":\"{}\"},\"resourceVersion\":\"7\"}}|7",
            "{\"spec\":{\"metadata\":{\"resourceVersion\":\"no\"}},\"metadata\":{\"resourceVersion\":\"9\"}}|9",
            "{\"metadata\":{\"name\":\"a\"}}|null",
            "[]|null",
    })
    void resourceVersionIsReadFromTheObjectsOwnMetadata(String body, String expected) {
        assertThat(KubePodGateway.resourceVersionOf(body)).isEqualTo(expected);
    }

    @Test
    void theStoredCopyCarriesTheWrittenFieldsAndTheNewVersionAndLeavesTheBaseAlone() {
        Pod base = new PodBuilder().withNewMetadata().withName("p").withUid("u").withResourceVersion("1")
                .addToAnnotations("a", "1").endMetadata().withNewSpec().withNodeName("vk").endSpec()
                .withNewStatus().withPhase("Pending").endStatus().build();
        Pod stored = KubePodGateway.stored(base, Map.of("a", "1", "b", "2"),
                new PodStatusBuilder().withPhase("Running").build(), "5");
        assertThat(stored.getMetadata().getResourceVersion()).isEqualTo("5");
        assertThat(stored.getMetadata().getAnnotations()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
        assertThat(stored.getStatus().getPhase()).isEqualTo("Running");
        assertThat(stored.getSpec().getNodeName()).isEqualTo("vk");
        assertThat(stored.getMetadata().getUid()).isEqualTo("u");
        assertThat(base.getMetadata().getResourceVersion()).isEqualTo("1");
        assertThat(base.getMetadata().getAnnotations()).containsOnlyKeys("a");
        assertThat(base.getStatus().getPhase()).isEqualTo("Pending");
    }

    /**
     * One patch of pods/status carries status and annotations, also onto a pod created without any
     * annotation (no member to add a key to: the whole map is added), and a stale copy meets a 409.
     */
    @Test
    void statusAndAnnotationsAreOnePatchAlsoOnAPodWithoutAnnotations() {
        try (io.vnode.localkube.KubeApiServer server = io.vnode.localkube.KubeApiServer.start();
             KubernetesClient client = server.client()) {
            Pod created = client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("bare")
                    .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                    .build()).create();
            KubePodGateway gateway = new KubePodGateway(client);
            Pod desired = new PodBuilder(created).editMetadata().addToAnnotations("vnode.io/seq", "1").endMetadata()
                    .withNewStatus().withPhase("Pending").endStatus().build();

            Pod written = gateway.write(created, desired).orElseThrow();

            Pod stored = client.pods().inNamespace("default").withName("bare").get();
            assertThat(stored.getMetadata().getAnnotations()).containsEntry("vnode.io/seq", "1");
            assertThat(stored.getStatus().getPhase()).isEqualTo("Pending");
            assertThat(written.getMetadata().getResourceVersion()).isEqualTo(stored.getMetadata().getResourceVersion());
            Pod running = new PodBuilder(stored).editMetadata().addToAnnotations("vnode.io/seq", "2").endMetadata()
                    .editStatus().withPhase("Running").endStatus().build();
            assertThat(gateway.write(written, running)).isPresent();
            assertThatThrownBy(() -> gateway.write(created, running)).isInstanceOf(PodGateway.ConflictException.class);
            assertThat(gateway.write(stored, stored)).as("nothing differs: nothing is sent").contains(stored);
        }
    }

    /** An API server that is down (nothing listens) or stopped (accepts, never answers) is a transient failure. */
    @Test
    void anApiServerThatDoesNotAnswerIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertGetIsTransient(closedPort);
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket held = silent.accept(); // read nothing, answer nothing: a SIGSTOPped server
                        held.setSoTimeout(0);
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            assertGetIsTransient(silent.getLocalPort());
        }
    }

    private static void assertGetIsTransient(int port) {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port).withRequestTimeout(300).withConnectionTimeout(300)
                .withRequestRetryBackoffLimit(0).build()).build()) {
            assertThatThrownBy(() -> new KubePodGateway(client).get("ns", "p"))
                    .isInstanceOf(PodGateway.TransientException.class)
                    .hasMessageStartingWith("get pod ns/p");
        }
    }
}
