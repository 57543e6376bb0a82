package io.vnode.localstack;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the four services did with the chart's permissions, from the API server's audit log: per
 * ServiceAccount the (group, resource, verb) it used, those authorization denied (403, decision not allow), and those the chart
 * grants that no call used. The audit policy logs the services' requests only, at Metadata level, from the
 * response's start (so a watch still open is counted).
 */
final class RbacAudit {

    static final String USER_PREFIX = "system:serviceaccount:" + ChartIdentities.NAMESPACE + ":vnode-";

    /** One service's use of its permissions. Entries read {@code group/resource verb} ("" is the core group). */
    record Use(Set<String> used, Set<String> denied, Set<String> grantedUnused) {
    }

    private RbacAudit() {
    }

    /** The audit policy file: the services' requests at Metadata level, nothing else. */
    static Path writePolicy(Path dir) throws IOException {
        return io.vnode.localstack.bench.KubeAudit.writePolicy(dir, USER_PREFIX);
    }

    /** Per service (module name): used, denied, granted but unused. */
    static Map<String, Use> of(Path auditLog, List<HasMetadata> chartRbac) {
        Map<String, Set<String>> used = new TreeMap<>();
        Map<String, Set<String>> denied = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(auditLog)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = JsonMapper.shared().readTree(line);
                String user = e.path("user").path("username").asString("");
                if (!user.startsWith(USER_PREFIX) || e.path("objectRef").isMissingNode()) {
                    continue;
                }
                String module = user.substring(USER_PREFIX.length());
                JsonNode ref = e.path("objectRef");
                String resource = ref.path("resource").asString("")
                        + (ref.path("subresource").isMissingNode() ? "" : "/" + ref.path("subresource").asString(""));
                String entry = ref.path("apiGroup").asString("") + "/" + resource + " " + e.path("verb").asString("");
                // denied by authorization; a 403 of admission (a namespace being terminated refuses creates) was allowed
                boolean deniedByRbac = e.path("responseStatus").path("code").asInt(0) == 403
                        && !"allow".equals(e.path("annotations").path("authorization.k8s.io/decision").asString(""));
                (deniedByRbac ? denied : used).computeIfAbsent(module, k -> new TreeSet<>()).add(entry);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Map<String, Use> out = new TreeMap<>();
        for (String module : Stack.SERVICES) {
            Set<String> granted = granted(chartRbac, "vnode-" + module);
            Set<String> moduleUsed = used.getOrDefault(module, Set.of());
            Set<String> unused = new TreeSet<>(granted);
            unused.removeAll(moduleUsed);
            out.put(module, new Use(moduleUsed, denied.getOrDefault(module, Set.of()), unused));
        }
        return out;
    }

    /** Every (group/resource verb) the chart binds to the ServiceAccount, resourceNames aside. */
    static Set<String> granted(List<HasMetadata> rbac, String serviceAccount) {
        Set<String> roles = new TreeSet<>();
        for (HasMetadata o : rbac) {
            List<Subject> subjects = o instanceof RoleBinding rb ? rb.getSubjects()
                    : o instanceof ClusterRoleBinding crb ? crb.getSubjects() : null;
            String roleRef = o instanceof RoleBinding rb ? rb.getRoleRef().getKind() + "/" + rb.getRoleRef().getName()
                    : o instanceof ClusterRoleBinding crb ? crb.getRoleRef().getKind() + "/" + crb.getRoleRef().getName() : null;
            if (subjects != null && subjects.stream().anyMatch(s -> serviceAccount.equals(s.getName()))) {
                roles.add(roleRef);
            }
        }
        Set<String> granted = new TreeSet<>();
        for (HasMetadata o : rbac) {
            List<PolicyRule> rules = o instanceof Role r && roles.contains("Role/" + r.getMetadata().getName()) ? r.getRules()
                    : o instanceof ClusterRole cr && roles.contains("ClusterRole/" + cr.getMetadata().getName()) ? cr.getRules() : null;
            if (rules == null) {
                continue;
            }
            for (PolicyRule rule : rules) {
                for (String group : rule.getApiGroups() == null ? List.<String>of() : rule.getApiGroups()) {
                    for (String resource : rule.getResources() == null ? List.<String>of() : rule.getResources()) {
                        for (String verb : rule.getVerbs()) {
                            granted.add(group + "/" + resource + " " + verb);
                        }
                    }
                }
            }
        }
        return granted;
    }
}
