package io.vnode.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Keys;
import io.vnode.emulator.InstanceView;
import io.vnode.emulator.Timing;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.testsupport.PodFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario of the product documents, end to end: the four services as their own JVMs (from
 * their executable jars), a real Kafka broker, the local Kubernetes API server, and the ECI emulator.
 */
class EndToEndIT {

    static final Duration SETTLE = Duration.ofSeconds(90);
    static Stack stack;
    static KubernetesClient client;

    @BeforeAll
    static void startStack() throws IOException {
        Path work = Files.createTempDirectory("vnode-e2e");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        stack = Stack.start(new Stack.Options(repo, work, 0, 0, 0, Ports.freeRun(Stack.SERVICES.size()), 0, Timing.instant(),
                KafkaBroker.bootstrapServers(), null, Map.of()), line -> System.out.println("[e2e] " + line));
        client = stack.kubeClient();
        client.namespaces().resource(PodFixtures.eciLabelledNamespace("vk")).create();
    }

    @AfterAll
    static void stopStack() {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static Stream<Arguments> acceptedScenarios() {
        return Stream.of(
                Arguments.of("nginx-acs-by-node-selector", PodFixtures.nginxAcsByNodeSelector(), "acs-", "Running"),
                Arguments.of("nginx-acs-by-label", PodFixtures.nginxAcsByLabel(), "acs-", "Running"),
                Arguments.of("nginx-acs-registered-cluster", PodFixtures.nginxAcsRegisteredCluster(), "acs-", "Running"),
                Arguments.of("gpu-by-node-selector", PodFixtures.gpuByNodeSelector(), "acs-", "Running"),
                Arguments.of("gpu-by-resource-policy", PodFixtures.gpuByResourcePolicy(), "acs-", "Running"),
                Arguments.of("gpu-by-acs-label", PodFixtures.gpuByAcsLabel(), "acs-", "Running"),
                Arguments.of("gpu-hpn-reserved", PodFixtures.gpuHpnReserved(), "acs-", "Running"),
                Arguments.of("cuda-vectoradd", PodFixtures.cudaVectorAdd(), "eci-", "Succeeded"),
                Arguments.of("eci-label-2-4gi", PodFixtures.eciLabelledUseSpecs(), "eci-", "Running"),
                Arguments.of("eci-namespace-2-4gi", PodFixtures.eciNamespacePod("vk"), "eci-", "Running"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedScenarios")
    void seedScenarioRunsAsTheDocumentsShow(String scenario, Pod fixture, String idPrefix, String finalPhase) {
        Pod pod = client.pods().inNamespace(fixture.getMetadata().getNamespace())
                .resource(PodFixtures.onNode(withoutUid(fixture), Stack.NODE)).create();

        // status and annotations are two writes: wait for the pod to show both
        Pod done = awaitPod(pod, p -> finalPhase.equals(phase(p)) && instanceId(p) != null
                && p.getMetadata().getAnnotations().containsKey(Keys.BILLING_START)
                && ("Running".equals(finalPhase) || p.getMetadata().getAnnotations().containsKey(Keys.BILLING_STOP)));
        Map<String, String> a = done.getMetadata().getAnnotations();
        assertThat(instanceId(done)).startsWith(idPrefix);
        assertThat(a).containsEntry(Keys.PROVIDER_CREATE, "done").containsKey(Keys.BILLING_START);
        if (idPrefix.equals("acs-")) {
            assertThat(a).containsKeys(Keys.ACS_POD_USE_SPEC, Keys.ACS_REQUEST_ID)
                    .containsEntry(Keys.RESOURCE_TYPE, "serverless").containsEntry(Keys.POD_STREAM_PORT, "10250");
        } else {
            assertThat(a).containsKeys(Keys.ECI_INSTANCE_SPEC, Keys.ECI_CLIENT_TOKEN, Keys.ECI_REQUEST_ID);
        }
        if ("Running".equals(finalPhase)) {
            assertThat(done.getStatus().getPodIP()).isNotBlank();
        } else {
            assertThat(done.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
            assertThat(a).containsKey(Keys.BILLING_STOP);
        }

        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
        await().atMost(SETTLE).until(() -> client.pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).get() == null);
        await().atMost(SETTLE).until(() -> instancesOf(pod).isEmpty());
    }

    @Test
    void cudaPodSpecIsTheEcsTypeOfItsAnnotation() {
        Pod pod = client.pods().inNamespace("default")
                .resource(PodFixtures.onNode(renamed(PodFixtures.cudaVectorAdd(), "gpu-pod-spec"), Stack.NODE)).create();
        Pod done = awaitPod(pod, p -> "Succeeded".equals(phase(p)));
        assertThat(done.getMetadata().getAnnotations()).containsEntry(Keys.ECI_INSTANCE_SPEC, "ecs.gn5-c4g1.xlarge");
    }

    static Stream<Arguments> rejectedScenarios() {
        return Stream.of(
                Arguments.of("daemonset", PodFixtures.daemonSetPod(), "DaemonSetNotSupported"),
                Arguments.of("hostpath", PodFixtures.hostPathPod(), "HostPathNotSupported"),
                Arguments.of("privileged", PodFixtures.privilegedPod(), "PrivilegedNotSupported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedScenarios")
    void podTheCloudCannotRunSaysWhyAndCreatesNoInstance(String scenario, Pod fixture, String reason) {
        Pod pod = client.pods().inNamespace(fixture.getMetadata().getNamespace())
                .resource(PodFixtures.onNode(withoutUid(fixture), Stack.NODE)).create();

        awaitPod(pod, p -> p.getStatus() != null && reason.equals(p.getStatus().getReason())
                || reason.equals(p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(Keys.FAILURE_REASON)));
        await().atMost(SETTLE).untilAsserted(() -> assertThat(eventsOf(pod))
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).isNotBlank();
                }));
        assertThat(instancesOf(pod)).isEmpty();
    }

    @Test
    void pendingPodThatTargetsTheNodeIsBoundByTheLocalBinderAndRuns() {
        Pod pod = client.pods().inNamespace("default").resource(renamed(PodFixtures.nginxAcsByNodeSelector(), "unbound-nginx")).create();
        Pod done = awaitPod(pod, p -> "Running".equals(phase(p)));
        assertThat(done.getSpec().getNodeName()).isEqualTo(Stack.NODE);
    }

    @Test
    void theDemoOfTheFirstCommandRunsToTheEndAndLeavesNothing() {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("demo").endMetadata().build()).create();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        boolean ok = new Demo(client, false, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), "demo")
                .run(2, SETTLE, true);
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ok).as(out).isTrue();
        assertThat(out).contains("POD", "INSTANCE", "SPEC", "PHASE", "BILLING START", "== every pod and its instance is gone")
                .containsPattern("nginx-9cdf7bbf9-\\w+ +acs-\\S+ +\\S+ +Running +\\d+\\.");
        assertThat(client.pods().inNamespace("demo").list().getItems()).isEmpty();
        assertThat(stack.emulator().admin().instances().stream().filter(i -> "demo".equals(i.tags().get(Keys.TAG_POD_NAMESPACE)))
                .filter(i -> !"Terminating".equals(i.status()))).isEmpty();
    }

    // ---- helpers ----

    static Pod awaitPod(Pod pod, java.util.function.Predicate<Pod> condition) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        return await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> client.pods().inNamespace(ns).withName(name).get(), p -> p != null && condition.test(p));
    }

    static List<InstanceView> instancesOf(Pod pod) {
        return stack.emulator().admin().instances().stream()
                .filter(i -> pod.getMetadata().getUid().equals(i.tags().get(Keys.TAG_POD_UID)))
                .filter(i -> !"Terminating".equals(i.status()))
                .toList();
    }

    static List<Event> eventsOf(Pod pod) {
        return client.v1().events().inNamespace(pod.getMetadata().getNamespace()).list().getItems().stream()
                .filter(e -> pod.getMetadata().getName().equals(e.getInvolvedObject().getName()))
                .toList();
    }

    static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    static String instanceId(Pod p) {
        Map<String, String> a = p.getMetadata().getAnnotations();
        if (a == null) {
            return null;
        }
        return a.getOrDefault(Keys.ACS_INSTANCE_ID, a.get(Keys.ECI_INSTANCE_ID));
    }

    static Pod withoutUid(Pod pod) {
        return new PodBuilder(pod).editMetadata().withUid(null).endMetadata().build();
    }

    static Pod renamed(Pod pod, String name) {
        return new PodBuilder(withoutUid(pod)).editMetadata().withName(name).endMetadata().build();
    }
}
