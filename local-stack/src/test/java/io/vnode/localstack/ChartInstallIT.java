package io.vnode.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.localkube.KubeControlPlane;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code helm install} of the chart into kube-system of the real control plane (helm-java): the API server
 * validates and stores every object the chart renders (Deployments, Services, RBAC, the webhook
 * configuration, the eci-profile) and the CRD from {@code crds/}; {@code helm upgrade} with a changed
 * value changes the Deployments in place; {@code helm uninstall} leaves none of the release's objects but the
 * eci-profile (kept by its resource policy: a user may have edited it) and the CRD (Helm keeps crds/). The
 * release's hooks are off here: the topic Job needs a Kafka and the pre-delete Job a node that runs
 * containers (UninstallIT runs that Job's command as the Job runs it). Run as a user installs: the seeds'
 * parameter names, credentials from an existing Secret, a Kafka the user brings.
 */
class ChartInstallIT {

    static final String NAMESPACE = "kube-system";
    static KubeControlPlane plane;
    static KubernetesClient admin;
    static Path chart;

    @BeforeAll
    static void start() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        chart = repo.resolve("helm/vnode");
        plane = KubeControlPlane.start(new KubeControlPlane.Options(repo, Files.createTempDirectory("vnode-chart-install"), 0,
                List.of(new KubeControlPlane.NodeSpec("worker-1", "6", "16Gi", Map.of()))),
                line -> System.out.println("[chart-install] " + line));
        admin = plane.adminClient();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (plane != null) {
            plane.close();
        }
    }

    static Map<String, Object> values() {
        return Map.of("ECI_REGION", Stack.REGION, "ECI_VSWITCH", Stack.VSWITCH, "ECI_SECURITY_GROUP", Stack.SECURITY_GROUP,
                "ALIYUN_CLUSTERID", "c-install-test", "credentials.existingSecret", "alibaba-addon-secret",
                "kafka.bootstrapServers", "kafka.kafka:9092", "kafka.topics.create", false, "webhook.tls.lookup", false);
    }

    @Test
    void installUpgradeAndUninstallOnARealApiServer() {
        var install = new Helm(chart).install().withName("vnode").withNamespace(NAMESPACE).withKubeConfig(plane.kubeconfig());
        values().forEach(install::set);
        Release installed = install.call();
        assertThat(installed.getStatus()).isEqualTo("deployed");

        List<HasMetadata> rendered = rendered(Map.of());
        assertThat(rendered.stream().filter(ChartInstallIT::kept)).extracting(o -> o.getMetadata().getName())
                .containsExactly("eci-profile");
        assertThat(rendered).extracting(HasMetadata::getKind).contains("Deployment", "Service", "ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "MutatingWebhookConfiguration");
        for (HasMetadata o : rendered) {
            assertThat(admin.resource(namespaced(o)).get()).as("%s %s stored by the API server", o.getKind(),
                    o.getMetadata().getName()).isNotNull();
        }
        assertThat(admin.apiextensions().v1().customResourceDefinitions().withName("resourcepolicies.scheduling.alibabacloud.com")
                .get()).isNotNull();
        assertThat(logFormatEnv("vnode-cloud-executor")).isEqualTo("ecs");

        var upgrade = new Helm(chart).upgrade().withName("vnode").withNamespace(NAMESPACE).withKubeConfig(plane.kubeconfig());
        values().forEach(upgrade::set);
        Release upgraded = upgrade.set("logFormat", "text").call();
        assertThat(upgraded.getStatus()).isEqualTo("deployed");
        assertThat(upgraded.getRevision()).isEqualTo("2");
        assertThat(logFormatEnv("vnode-cloud-executor")).isNull();

        Helm.uninstall("vnode").withNamespace(NAMESPACE).withKubeConfig(plane.kubeconfig()).noHooks().call();
        for (HasMetadata o : rendered) {
            if (kept(o)) {
                // the eci-profile a user may have edited stays, as its resource policy says
                assertThat(admin.resource(namespaced(o)).get()).as("%s %s kept", o.getKind(), o.getMetadata().getName()).isNotNull();
                continue;
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(admin.resource(namespaced(o)).get())
                            .as("%s %s left after uninstall", o.getKind(), o.getMetadata().getName()).isNull());
        }
        // Helm keeps the CRDs of crds/ (deleting one would delete every ResourcePolicy of every user)
        assertThat(admin.apiextensions().v1().customResourceDefinitions().withName("resourcepolicies.scheduling.alibabacloud.com")
                .get()).isNotNull();
    }

    /** The chart's objects, as {@code helm template} renders them with the install's values. */
    static List<HasMetadata> rendered(Map<String, Object> extra) {
        var template = new Helm(chart).template().withName("vnode").withNamespace(NAMESPACE);
        values().forEach(template::set);
        extra.forEach(template::set);
        String yaml = template.call();
        return admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    }

    static boolean kept(HasMetadata o) {
        return o.getMetadata().getAnnotations() != null
                && "keep".equals(o.getMetadata().getAnnotations().get("helm.sh/resource-policy"));
    }

    static HasMetadata namespaced(HasMetadata o) {
        boolean clusterScoped = o.getKind().startsWith("Cluster") || o.getKind().endsWith("WebhookConfiguration");
        if (!clusterScoped && o.getMetadata().getNamespace() == null) {
            o.getMetadata().setNamespace(NAMESPACE);
        }
        return o;
    }

    static String logFormatEnv(String deployment) {
        List<EnvVar> env = admin.apps().deployments().inNamespace(NAMESPACE).withName(deployment).get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getEnv();
        return env.stream().filter(e -> e.getName().equals("LOGGING_STRUCTURED_FORMAT_CONSOLE")).map(EnvVar::getValue)
                .findFirst().orElse(null);
    }
}
