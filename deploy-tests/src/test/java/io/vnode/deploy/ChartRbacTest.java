package io.vnode.deploy;

import static io.vnode.deploy.RenderedChart.NAMESPACE;
import static io.vnode.deploy.RenderedChart.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One ServiceAccount and least-privilege RBAC per service: exactly these verbs, nothing more. */
class ChartRbacTest {

    private static final RenderedChart CHART = RenderedChart.defaults();

    private static final Set<String> READ = Set.of("get", "list", "watch");

    /** "[namespace:]group/resource" -> verbs, per service (cluster-wide rules have no namespace). */
    static Stream<Arguments> leastPrivilege() {
        return Stream.of(
                Arguments.of("node-agent", Map.ofEntries(
                        Map.entry("/nodes", Set.of("get", "list", "watch", "create", "patch", "delete")),
                        Map.entry("/nodes/status", Set.of("patch")),
                        Map.entry("/pods", READ),
                        Map.entry("/pods/binding", Set.of("create")),
                        Map.entry("/namespaces", READ),
                        Map.entry("/events", Set.of("create")),
                        Map.entry("kube-system:/secrets[alibaba-addon-secret]", Set.of("get")),
                        Map.entry("authorization.k8s.io/subjectaccessreviews", Set.of("create")),
                        Map.entry("authentication.k8s.io/tokenreviews", Set.of("create")),
                        Map.entry("scheduling.alibabacloud.com/resourcepolicies", Set.of("list", "watch")),
                        Map.entry("apps/replicasets", Set.of("get")),
                        Map.entry("apps/statefulsets", Set.of("get")),
                        Map.entry("batch/jobs", Set.of("get")),
                        Map.entry("kube-system:/configmaps[eci-profile]", READ),
                        Map.entry("kube-node-lease:coordination.k8s.io/leases", Set.of("get", "create", "patch")),
                        Map.entry("kube-system:coordination.k8s.io/leases", Set.of("get", "create", "patch")),
                        Map.entry("kube-system:coordination.k8s.io/leases[vnode-node-agent]", Set.of("delete")))),
                Arguments.of("pod-translator", Map.of(
                        "kube-system:/configmaps[eci-profile]", READ,
                        "kube-system:/services[kube-dns]", Set.of("get"))),
                Arguments.of("cloud-executor", Map.of(
                        "/pods", Set.of("get", "list"),
                        "/configmaps", Set.of("get"),
                        "/secrets", Set.of("get"),
                        "/nodes", Set.of("get"),
                        "/serviceaccounts/token", Set.of("create"),
                        "/persistentvolumeclaims", Set.of("get"),
                        "/persistentvolumes", Set.of("get"),
                        "kube-system:coordination.k8s.io/leases", Set.of("get", "create", "patch"),
                        "/namespaces[kube-system]", Set.of("get"))),
                Arguments.of("status-reconciler", Map.of(
                        "/pods", Set.of("get", "delete"),
                        "/pods/status", Set.of("patch"),
                        "/events", Set.of("get", "create", "patch"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leastPrivilege")
    void eachServiceHasExactlyItsLeastPrivilegeRules(String component, Map<String, Set<String>> expected) {
        assertThat(grants(CHART, component)).isEqualTo(new TreeMap<>(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-agent", "pod-translator", "cloud-executor", "status-reconciler"})
    void eachServiceRunsAsItsOwnServiceAccountAndOnlyItIsBound(String component) {
        String sa = RELEASE + "-" + component;
        assertThat(CHART.get(ServiceAccount.class, sa).getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(RenderedChart.pod(CHART.deployment(component)).getServiceAccountName()).isEqualTo(sa);

        List<Subject> subjects = new ArrayList<>();
        CHART.ofComponent(ClusterRoleBinding.class, component).forEach(b -> {
            assertThat(b.getRoleRef().getKind()).isEqualTo("ClusterRole");
            assertThat(CHART.find(ClusterRole.class, b.getRoleRef().getName())).isPresent();
            subjects.addAll(b.getSubjects());
        });
        CHART.ofComponent(RoleBinding.class, component).forEach(b -> {
            assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(CHART.all(Role.class)).anySatisfy(r -> {
                assertThat(r.getMetadata().getName()).isEqualTo(b.getRoleRef().getName());
                assertThat(r.getMetadata().getNamespace()).isEqualTo(b.getMetadata().getNamespace());
            });
            subjects.addAll(b.getSubjects());
        });
        assertThat(subjects).isNotEmpty().allSatisfy(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(sa);
            assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
        });
    }

    @Test
    void noWildcardsAnywhere() {
        for (PolicyRule rule : allRules(CHART)) {
            assertThat(rule.getVerbs()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
        }
    }

    @Test
    void onlyTheStatusReconcilerDeletesPodsAndOnlyTheExecutorReadsSecretsBeyondTheAccessKey() {
        for (String component : RenderedChart.SERVICES) {
            Map<String, Set<String>> grants = grants(CHART, component);
            boolean deletesPods = grants.getOrDefault("/pods", Set.of()).contains("delete");
            boolean readsSecrets = grants.keySet().stream().anyMatch(k -> k.contains("/secrets")
                    && !k.endsWith("/secrets[alibaba-addon-secret]"));
            assertThat(deletesPods).as("%s deletes pods", component).isEqualTo(component.equals("status-reconciler"));
            assertThat(readsSecrets).as("%s reads secrets", component).isEqualTo(component.equals("cloud-executor"));
        }
    }

    @Test
    void checkingConfigMapSizesAddsGetOnConfigMapsToTheTranslatorOnly() {
        RenderedChart chart = RenderedChart.render(Map.of("podTranslator.checkConfigMapSizes", true));
        assertThat(grants(chart, "pod-translator")).containsEntry("/configmaps", Set.of("get"));
        assertThat(grants(CHART, "pod-translator")).doesNotContainKey("/configmaps");
        assertThat(RenderedChart.env(RenderedChart.container(chart.deployment("pod-translator")))
                .get("VNODE_TRANSLATOR_CHECKCONFIGMAPSIZES").getValue()).isEqualTo("true");
    }

    @Test
    void removingNodesOnShutdownAddsDeleteOnNodeLeasesOnly() {
        RenderedChart chart = RenderedChart.render(Map.of("nodeAgent.removeOnShutdown", true));

        Map<String, Set<String>> grants = grants(chart, "node-agent");
        assertThat(grants.get("kube-node-lease:coordination.k8s.io/leases"))
                .containsExactlyInAnyOrder("get", "create", "patch", "delete");
        assertThat(grants.get("kube-system:coordination.k8s.io/leases")).doesNotContain("delete");
        assertThat(RenderedChart.env(RenderedChart.container(chart.deployment("node-agent")))
                .get("VNODE_NODE_REMOVEONSHUTDOWN").getValue()).isEqualTo("true");
    }

    static Map<String, Set<String>> grants(RenderedChart chart, String component) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (ClusterRole r : chart.ofComponent(ClusterRole.class, component)) {
            r.getRules().forEach(rule -> add(grants, "", rule));
        }
        for (Role r : chart.ofComponent(Role.class, component)) {
            r.getRules().forEach(rule -> add(grants, r.getMetadata().getNamespace() + ":", rule));
        }
        return grants;
    }

    private static void add(Map<String, Set<String>> grants, String scope, PolicyRule rule) {
        String names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                ? "" : rule.getResourceNames().toString().replace(" ", "");
        for (String group : rule.getApiGroups()) {
            for (String resource : rule.getResources()) {
                grants.computeIfAbsent(scope + group + "/" + resource + names, k -> new TreeSet<>())
                        .addAll(rule.getVerbs());
            }
        }
    }

    private static List<PolicyRule> allRules(RenderedChart chart) {
        List<PolicyRule> rules = new ArrayList<>();
        chart.all(ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
        chart.all(Role.class).forEach(r -> rules.addAll(r.getRules()));
        return rules;
    }
}
