package io.vnode.localstack.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.localkube.KubeControlPlane;
import io.vnode.localstack.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kubernetes API requests of the four services on the real control plane, counted by the API
 * server's own audit log: each service runs as its own ServiceAccount ({@value #NAMESPACE}/vnode-&lt;service&gt;,
 * bound to cluster-admin: the benchmark measures requests, not permissions), and the audit policy logs
 * their requests at Metadata level and nothing else. Every request is one audit id.
 */
public final class KubeAudit {

    static final String NAMESPACE = "vnode-bench";
    static final String USER_PREFIX = "system:serviceaccount:" + NAMESPACE + ":vnode-";

    private KubeAudit() {
    }

    /** The kube-apiserver flags that write the audit log to {@code log}. */
    static Map<String, String> apiServerFlags(Path dir, Path log) {
        Path policy = writePolicy(dir, USER_PREFIX);
        return Map.of("audit-policy-file", policy.toString(), "audit-log-path", log.toString(),
                "audit-log-maxsize", "0");
    }

    /**
     * An audit policy file in {@code dir}: the requests of the four services (users {@code userPrefix} +
     * module name) at Metadata level, from the response's start (a watch still open is counted), nothing else.
     */
    public static Path writePolicy(Path dir, String userPrefix) {
        StringBuilder users = new StringBuilder();
        for (String module : Stack.SERVICES) {
            users.append("\n      - ").append(userPrefix).append(module);
        }
        Path policy = dir.resolve("audit-policy.yaml");
        try {
            Files.createDirectories(dir);
            Files.writeString(policy, """
                    apiVersion: audit.k8s.io/v1
                    kind: Policy
                    omitStages: [RequestReceived]
                    rules:
                      - level: Metadata
                        users:%s
                      - level: None
                    """.formatted(users));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return policy;
    }

    /** A kubeconfig per service, each its own ServiceAccount. */
    static Map<String, Path> identities(KubeControlPlane plane) {
        Map<String, Path> kubeconfigs = new LinkedHashMap<>();
        try (KubernetesClient admin = plane.adminClient()) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                    .createOr(c -> c.update());
            for (String module : Stack.SERVICES) {
                admin.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
                        .withName("vnode-" + module).endMetadata().build()).createOr(c -> c.update());
            }
            var binding = new ClusterRoleBindingBuilder().withNewMetadata().withName("vnode-bench").endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("cluster-admin").endRoleRef();
            for (String module : Stack.SERVICES) {
                binding.addNewSubject().withKind("ServiceAccount").withNamespace(NAMESPACE).withName("vnode-" + module).endSubject();
            }
            admin.rbac().clusterRoleBindings().resource(binding.build()).createOr(c -> c.update());
            for (String module : Stack.SERVICES) {
                kubeconfigs.put(module, plane.kubeconfigFor(NAMESPACE, "vnode-" + module, Duration.ofHours(6)));
            }
        }
        return kubeconfigs;
    }

    /** Requests per service and per {@code verb resource[/subresource]}, from {@code since} (epoch ms) on. */
    static Map<String, Map<String, Long>> requests(Path log, long since) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        try {
            for (String line : Files.readAllLines(log)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = JsonMapper.shared().readTree(line);
                String user = e.path("user").path("username").asString("");
                if (!user.startsWith(USER_PREFIX) || !seen.add(e.path("auditID").asString(""))) {
                    continue;
                }
                if (java.time.Instant.parse(e.path("requestReceivedTimestamp").asString("1970-01-01T00:00:00Z")).toEpochMilli() < since) {
                    continue;
                }
                JsonNode ref = e.path("objectRef");
                String resource = ref.path("resource").asString(e.path("requestURI").asString(""))
                        + (ref.path("subresource").isMissingNode() ? "" : "/" + ref.path("subresource").asString(""));
                out.computeIfAbsent(user.substring(USER_PREFIX.length()), k -> new TreeMap<>())
                        .merge(e.path("verb").asString("") + " " + resource, 1L, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
