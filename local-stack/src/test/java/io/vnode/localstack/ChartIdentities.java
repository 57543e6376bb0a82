package io.vnode.localstack;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.localkube.KubeControlPlane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each service's identity as the Helm chart installs it: the chart rendered ({@code helm template vnode
 * helm/vnode -n kube-system}), its ServiceAccounts, (Cluster)Roles and (Cluster)RoleBindings applied to
 * the control plane, and a kubeconfig per service holding a token of {@code kube-system/vnode-<service>}.
 * A service then has exactly the chart's permissions: a missing rule fails the end-to-end tests.
 */
final class ChartIdentities {

    static final String NAMESPACE = "kube-system";
    private static final Set<String> RBAC_KINDS = Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

    private ChartIdentities() {
    }

    /** The chart's ServiceAccounts, (Cluster)Roles and (Cluster)RoleBindings, as {@code helm template} renders them. */
    static List<HasMetadata> rbac(Path repoRoot, KubernetesClient parser) {
        String yaml = new Helm(repoRoot.resolve("helm/vnode")).template().withName("vnode").withNamespace(NAMESPACE)
                .set("webhook.tls.lookup", false)
                // the stack's own parameters, as a user installs with them
                .set("ECI_REGION", Stack.REGION).set("ECI_VSWITCH", Stack.VSWITCH).set("ECI_SECURITY_GROUP", Stack.SECURITY_GROUP)
                .set("credentials.existingSecret", "alibaba-addon-secret").call();
        return parser.load(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))).items().stream()
                .filter(o -> RBAC_KINDS.contains(o.getKind())).toList();
    }

    static Map<String, Path> apply(Path repoRoot, KubeControlPlane plane) {
        Map<String, Path> kubeconfigs = new LinkedHashMap<>();
        try (KubernetesClient admin = plane.adminClient()) {
            List<HasMetadata> rbac = rbac(repoRoot, admin);
            for (HasMetadata o : rbac) {
                if (o.getMetadata().getNamespace() == null && !o.getKind().startsWith("Cluster")) {
                    o.getMetadata().setNamespace(NAMESPACE);
                }
                admin.resource(o).createOr(c -> c.update());
            }
            for (String module : Stack.SERVICES) {
                kubeconfigs.put(module, plane.kubeconfigFor(NAMESPACE, "vnode-" + module, Duration.ofHours(6)));
            }
        }
        return kubeconfigs;
    }
}
