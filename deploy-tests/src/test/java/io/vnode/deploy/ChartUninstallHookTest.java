package io.vnode.deploy;

import static io.vnode.deploy.RenderedChart.HOOK_PREFIX;
import static io.vnode.deploy.RenderedChart.NAMESPACE;
import static io.vnode.deploy.RenderedChart.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * helm uninstall's pre-delete hook: node-agent in uninstall mode, with its own ServiceAccount and exactly the rights
 * the uninstall uses (nodes get/patch/delete and node Leases delete, by name; pods list/delete), all hooks: the RBAC
 * before the Job (lower weight), everything deleted once it succeeded.
 */
class ChartUninstallHookTest {

    private static final String NAME = RELEASE + "-node-agent-uninstall";
    private static final String COMPONENT = "node-agent-uninstall";
    private static final RenderedChart CHART = RenderedChart.renderWithHooks(Map.of(
            "zones[0]", "cn-hangzhou-k", "zones[1]", "j", "nodeAgent.uninstall.timeoutSeconds", 300));

    @Test
    void theHookIsNotAnOrdinaryReleaseObject() throws Exception {
        assertThat(RenderedChart.defaults().find(Job.class, NAME)).isEmpty();
        assertThat(RenderedChart.defaults().find(ServiceAccount.class, NAME)).isEmpty();
        assertThat(Files.readString(RenderedChart.chart().resolve("templates/node-agent/uninstall-hook.yaml")))
                .contains("helm.sh/hook: pre-delete");
    }

    @Test
    void theJobRunsNodeAgentInUninstallModeAsItsOwnServiceAccount() {
        Job job = CHART.get(Job.class, NAME);
        assertThat(job.getMetadata().getAnnotations())
                .containsEntry(HOOK_PREFIX, "pre-delete")
                .containsEntry(HOOK_PREFIX + "-weight", "0")
                .containsEntry(HOOK_PREFIX + "-delete-policy", "before-hook-creation,hook-succeeded");
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(300 + 120L);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getServiceAccountName()).isEqualTo(NAME);
        Container c = pod.getContainers().get(0);
        // the same image as the running agent
        assertThat(c.getImage()).isEqualTo(RenderedChart.container(RenderedChart.defaults().deployment("node-agent")).getImage());
        assertThat(c.getArgs()).containsExactly("--vnode.mode=uninstall", "--vnode.uninstall.timeout=300s");
        assertThat(RenderedChart.env(c)).containsKeys("VNODE_REGION_ID", "VNODE_ZONES", "JAVA_TOOL_OPTIONS");
        assertThat(RenderedChart.env(c).get("VNODE_ZONES").getValue()).isEqualTo("cn-hangzhou-k,j");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    }

    @Test
    void itsRightsAreExactlyTheCallsTheUninstallMakesOnTheNodesByName() {
        String nodes = "[virtual-kubelet-cn-hangzhou-k,virtual-kubelet-cn-hangzhou-j]";
        assertThat(ChartRbacTest.grants(CHART, COMPONENT)).isEqualTo(new TreeMap<>(Map.of(
                "/nodes" + nodes, Set.of("get", "patch", "delete"),
                "/pods", Set.of("list", "delete"),
                "kube-node-lease:coordination.k8s.io/leases" + nodes, Set.of("delete"))));
        CHART.ofComponent(ClusterRoleBinding.class, COMPONENT).forEach(b -> assertThat(b.getSubjects())
                .singleElement().satisfies(s -> assertThat(s.getName() + "@" + s.getNamespace()).isEqualTo(NAME + "@" + NAMESPACE)));
        CHART.ofComponent(RoleBinding.class, COMPONENT).forEach(b -> assertThat(b.getSubjects())
                .singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo(NAME)));
    }

    @Test
    void itsServiceAccountAndRbacExistBeforeTheJobAndGoWithIt() {
        List<HasMetadata> rbac = CHART.objects.stream()
                .filter(o -> COMPONENT.equals(o.getMetadata().getLabels().get("app.kubernetes.io/component")))
                .filter(o -> !(o instanceof Job)).toList();
        assertThat(rbac).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
        assertThat(rbac).allSatisfy(o -> assertThat(o.getMetadata().getAnnotations())
                .containsEntry(HOOK_PREFIX, "pre-delete")
                .containsEntry(HOOK_PREFIX + "-weight", "-5")
                .containsEntry(HOOK_PREFIX + "-delete-policy", "before-hook-creation,hook-succeeded"));
    }

    @Test
    void theHookCanBeTurnedOff() {
        RenderedChart chart = RenderedChart.renderWithHooks(Map.of("nodeAgent.uninstall.enabled", false));
        assertThat(chart.ofComponent(HasMetadata.class, COMPONENT)).isEmpty();
    }
}
