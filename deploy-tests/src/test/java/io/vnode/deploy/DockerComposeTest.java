package io.vnode.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml, structurally (merge keys resolved): every service has a healthcheck and waits for
 * healthy dependencies. `docker-compose config -q` itself runs in .ci/compose-check.
 */
class DockerComposeTest {

    private static final List<String> VNODE = List.of("node-agent", "pod-translator", "cloud-executor", "status-reconciler");
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        String text = Files.readString(RenderedChart.repoRoot().resolve("docker-compose.yml"));
        Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(compose).containsKeys("volumes", "networks");
    }

    @Test
    void theStackHasKafkaK3sTheEmulatorAndTheFourServices() {
        assertThat(services).containsOnlyKeys("kafka", "k3s", "eci-emulator",
                "node-agent", "pod-translator", "cloud-executor", "status-reconciler");
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:4.1.1");
        assertThat((String) services.get("k3s").get("image")).startsWith("rancher/k3s:");
    }

    @Test
    void everyServiceHasAHealthcheck() {
        services.forEach((name, s) -> {
            assertThat(s).as(name).containsKey("healthcheck");
            assertThat(map(s.get("healthcheck"))).as(name).containsKey("test");
        });
    }

    @Test
    void everyDependencyExistsAndMustBeHealthy() {
        services.forEach((name, s) -> {
            if (s.containsKey("depends_on")) {
                map(s.get("depends_on")).forEach((dep, cond) -> {
                    assertThat(services).as("%s depends on %s", name, dep).containsKey(dep);
                    assertThat(map(cond)).as("%s -> %s", name, dep).containsEntry("condition", "service_healthy");
                });
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-agent", "pod-translator", "cloud-executor", "status-reconciler"})
    void theServicesWaitForKafkaAndK3sAndReportReadiness(String name) {
        Map<String, Object> s = services.get(name);
        assertThat(s.get("image")).isEqualTo("vnode/" + name + ":0.1.0");
        assertThat(map(s.get("depends_on"))).containsKeys("kafka", "k3s");
        assertThat(String.join(" ", list(map(s.get("healthcheck")).get("test")))).contains("/actuator/health/readiness");

        Map<String, Object> env = map(s.get("environment"));
        assertThat(env).containsEntry("KAFKA_BOOTSTRAP", "kafka:9092")
                .containsEntry("KUBECONFIG", "/kube/kubeconfig.yaml")
                .containsEntry("KUBERNETES_MASTER", "https://k3s:6443");
        assertThat(list(s.get("volumes"))).contains("kubeconfig:/kube:ro");
    }

    @Test
    void theCloudCallersReachTheEmulator() {
        for (String name : List.of("node-agent", "cloud-executor")) {
            Map<String, Object> s = services.get(name);
            assertThat(map(s.get("depends_on"))).containsKey("eci-emulator");
            assertThat(map(s.get("environment"))).containsEntry("VNODE_CLOUD_ENDPOINT", "eci-emulator:18080")
                    .containsEntry("VNODE_CLOUD_PROTOCOL", "HTTP")
                    .containsKeys("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        }
        assertThat(map(services.get("eci-emulator").get("environment"))).containsEntry("EMULATOR_HOST", "0.0.0.0");
    }

    @Test
    void kafkaHasOneListenerForTheComposeNetworkAndOneForTheHost() {
        Map<String, Object> env = map(services.get("kafka").get("environment"));
        assertThat((String) env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat((String) env.get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("INTERNAL://kafka:9092", "EXTERNAL://localhost:9094");
        assertThat(list(services.get("kafka").get("ports"))).contains("9094:9094");
    }

    @Test
    void k3sWritesItsKubeconfigToTheSharedVolume() {
        Map<String, Object> k3s = services.get("k3s");
        assertThat(list(k3s.get("command"))).contains("--write-kubeconfig=/output/kubeconfig.yaml", "--tls-san=k3s");
        assertThat(list(k3s.get("volumes"))).contains("kubeconfig:/output");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return ((List<Object>) o).stream().map(String::valueOf).toList();
    }
}
