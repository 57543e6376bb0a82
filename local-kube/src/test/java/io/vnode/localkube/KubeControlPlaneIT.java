package io.vnode.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control plane the end-to-end tests run on, by itself: the real API server, controllers and
 * scheduler place a Deployment's pods on the ordinary node, which runs them; RBAC holds for a
 * ServiceAccount's token; the processes are gone after close.
 */
class KubeControlPlaneIT {

    static KubeControlPlane plane;
    static KubernetesClient admin;

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createTempDirectory("vnode-control-plane");
        plane = KubeControlPlane.start(new KubeControlPlane.Options(Path.of("..").toAbsolutePath().normalize(), work, 0,
                List.of(new KubeControlPlane.NodeSpec("worker-a", "4", "8Gi", Map.of("pool", "a")))),
                line -> System.out.println("[control-plane] " + line));
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

    @Test
    void apiServerReportsItsRelease() {
        assertThat(plane.version()).matches("v1\\.\\d+\\.\\d+");
    }

    @Test
    void deploymentPodsAreScheduledOntoTheNodeThatFitsAndRun() {
        admin.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(3)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addToNodeSelector("pool", "a")
                .addNewContainer().withName("web").withImage("nginx:1.27")
                .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("1")).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();

        List<Pod> pods = await().atMost(Duration.ofSeconds(60))
                .until(() -> admin.pods().inNamespace("default").withLabel("app", "web").list().getItems(),
                        l -> l.size() == 3 && l.stream().allMatch(p -> "Running".equals(p.getStatus().getPhase())));
        assertThat(pods).allSatisfy(p -> {
            assertThat(p.getSpec().getNodeName()).isEqualTo("worker-a");
            assertThat(p.getStatus().getPodIP()).startsWith("10.10.");
        });

        // a fourth 1-CPU pod does not fit a 4-CPU node: the scheduler leaves it Pending
        admin.apps().deployments().inNamespace("default").withName("web").scale(5);
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.pods().inNamespace("default").withLabel("app", "web").list()
                .getItems().stream().anyMatch(p -> p.getStatus().getConditions().stream()
                        .anyMatch(c -> "PodScheduled".equals(c.getType()) && "Unschedulable".equals(c.getReason()))));
    }

    @Test
    void serviceAccountTokenHasExactlyItsRolePermissions() throws Exception {
        Path kubeconfig = plane.kubeconfigFor("default", "reader", Duration.ofMinutes(10));
        try (KubernetesClient reader = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
            assertThatThrownBy(() -> reader.pods().inNamespace("default").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));

            admin.rbac().roles().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.rbac.RoleBuilder()
                    .withNewMetadata().withName("pod-reader").endMetadata()
                    .addNewRule().withApiGroups("").withResources("pods").withVerbs("get", "list").endRule().build()).create();
            admin.rbac().roleBindings().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                    .withNewMetadata().withName("pod-reader").endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("pod-reader").endRoleRef()
                    .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace("default").endSubject().build()).create();

            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> reader.pods().inNamespace("default").list() != null);
            assertThatThrownBy(() -> reader.pods().inNamespace("default").withName("nope").delete())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }
}
