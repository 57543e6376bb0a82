package io.vnode.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.localkube.PodFixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl against the local stack's API server: discovery, apply, get -o wide (Table), label, delete. */
class LocalKubeApiIT {

    static LocalKubeApi api;
    static Path kubeconfig;

    @BeforeAll
    static void start(@TempDir Path dir) {
        kubeconfig = dir.resolve("kubeconfig");
        api = LocalKubeApi.start(0, kubeconfig);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void clientSeesWhatKubectlCreates() throws Exception {
        assumeTrue(kubectlPresent(), "kubectl not on PATH");
        Path manifest = kubeconfig.getParent().resolve("ns.yaml");
        Files.writeString(manifest, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: vk\n");
        assertThat(kubectl("apply", "--validate=false", "-f", manifest.toString())).contains("namespace/vk");
        assertThat(kubectl("label", "namespace", "vk", "alibabacloud.com/eci=true")).contains("labeled");
        try (KubernetesClient client = api.client()) {
            assertThat(client.namespaces().withName("vk").get().getMetadata().getLabels())
                    .containsEntry("alibabacloud.com/eci", "true");
        }
    }

    @Test
    void getPodsWideShowsStatusIpAndNode() throws Exception {
        assumeTrue(kubectlPresent(), "kubectl not on PATH");
        try (KubernetesClient client = api.client()) {
            Pod pod = new PodBuilder(PodFixtures.onNode(PodFixtures.nginxAcsByLabel(), "virtual-kubelet-cn-hangzhou-k"))
                    .editMetadata().withName("nginx-wide").endMetadata().build();
            client.pods().inNamespace("default").resource(pod).create();
            client.pods().inNamespace("default").withName("nginx-wide").editStatus(p -> new PodBuilder(p).withNewStatus()
                    .withPhase("Running").withPodIP("10.0.6.68")
                    .addNewContainerStatus().withName("nginx").withReady(true).withRestartCount(0).withNewState().withNewRunning().endRunning().endState().endContainerStatus()
                    .endStatus().build());
        }
        String out = kubectl("get", "pods", "-o", "wide");
        assertThat(out).contains("NAME", "READY", "STATUS", "IP", "NODE");
        assertThat(out.lines().filter(l -> l.startsWith("nginx-wide")).findFirst().orElseThrow())
                .contains("1/1", "Running", "10.0.6.68", "virtual-kubelet-cn-hangzhou-k");
        assertThat(kubectl("delete", "pod", "nginx-wide", "--wait=false")).contains("deleted");
    }

    @Test
    void kubectlGetFollowsChunksToTheLastPod() throws Exception {
        assumeTrue(kubectlPresent(), "kubectl not on PATH");
        try (KubernetesClient client = api.client()) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName("chunks").endMetadata().build()).create();
            for (int i = 0; i < 7; i++) {
                client.pods().inNamespace("chunks").resource(new PodBuilder(PodFixtures.nginxAcsByLabel())
                        .editMetadata().withName("c-" + i).withNamespace("chunks").endMetadata().build()).create();
            }
        }
        // 3 per request: kubectl must follow the continue token of the Table twice
        String out = kubectl("get", "pods", "-n", "chunks", "--chunk-size=3", "--no-headers");
        assertThat(out.lines().map(l -> l.split("\\s+")[0]).toList())
                .containsExactly("c-0", "c-1", "c-2", "c-3", "c-4", "c-5", "c-6");
    }

    @Test
    void aBindingAssignsThePodOnceAsTheSchedulerDoes() {
        try (KubernetesClient client = api.client()) {
            Pod pod = new PodBuilder(PodFixtures.nginxAcsByNodeSelector()).editMetadata().withName("to-bind").endMetadata().build();
            String uid = client.pods().inNamespace("default").resource(pod).create().getMetadata().getUid();
            java.util.function.Function<String, io.fabric8.kubernetes.api.model.Binding> binding = node ->
                    new io.fabric8.kubernetes.api.model.BindingBuilder()
                            .withNewMetadata().withName("to-bind").withNamespace("default").withUid(uid).endMetadata()
                            .withNewTarget().withApiVersion("v1").withKind("Node").withName(node).endTarget().build();

            client.bindings().inNamespace("default").resource(binding.apply("virtual-kubelet-cn-hangzhou-k")).create();
            assertThat(client.pods().inNamespace("default").withName("to-bind").get().getSpec().getNodeName())
                    .isEqualTo("virtual-kubelet-cn-hangzhou-k");
            assertThat(client.bindings().inNamespace("default").withName("to-bind").get()).as("nothing stored as a Binding").isNull();

            assertThat(catchThrowableOfType(io.fabric8.kubernetes.client.KubernetesClientException.class,
                    () -> client.bindings().inNamespace("default").resource(binding.apply("another-node")).create()).getCode())
                    .isEqualTo(409);
            assertThat(client.pods().inNamespace("default").withName("to-bind").get().getSpec().getNodeName())
                    .isEqualTo("virtual-kubelet-cn-hangzhou-k");
            client.pods().inNamespace("default").withName("to-bind").withGracePeriod(0).delete();
        }
    }

    @Test
    void podOnANodeIsDeletedGracefullyAndThenForGoodWithItsUid() throws Exception {
        try (KubernetesClient client = api.client()) {
            Pod pod = new PodBuilder(PodFixtures.onNode(PodFixtures.nginxAcsByLabel(), "virtual-kubelet-cn-hangzhou-k"))
                    .editMetadata().withName("graceful").endMetadata().build();
            String uid = client.pods().inNamespace("default").resource(pod).create().getMetadata().getUid();

            client.pods().inNamespace("default").withName("graceful").delete();
            Pod deleting = client.pods().inNamespace("default").withName("graceful").get();
            assertThat(deleting).isNotNull();
            assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);

            assertThat(deleteWithUid("graceful", "not-" + uid)).isEqualTo(409);
            assertThat(client.pods().inNamespace("default").withName("graceful").get()).isNotNull();

            assertThat(deleteWithUid("graceful", uid)).isEqualTo(200);
            assertThat(client.pods().inNamespace("default").withName("graceful").get()).isNull();
        }
    }

    /** DELETE with grace period 0 and a UID precondition, as the status reconciler finishes a deletion. */
    static int deleteWithUid(String name, String uid) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.url() + "api/v1/namespaces/default/pods/" + name))
                .method("DELETE", HttpRequest.BodyPublishers.ofString(
                        "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":0,\"preconditions\":{\"uid\":\"" + uid + "\"}}"))
                .header("Content-Type", "application/json").build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static boolean kubectlPresent() {
        return Files.isExecutable(Path.of("/usr/bin/kubectl")) || Files.isExecutable(Path.of("/usr/local/bin/kubectl"));
    }

    static String kubectl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        cmd.add("--request-timeout=20s");
        Path out0 = Files.createTempFile("kubectl", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out0.toFile()).start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        p.destroyForcibly();
        String out = Files.readString(out0, StandardCharsets.UTF_8);
        assertThat(exited).as("kubectl %s exited: %s", String.join(" ", args), out).isTrue();
        assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
