package io.vnode.translator.domain;

import io.vnode.contracts.Keys;
import io.vnode.contracts.pod.RejectionReason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which cloud-level overrides the pods of a namespace may set by annotation: those that choose the
 * instance's identity, network placement, public address, image sources and price (RAM role,
 * vSwitch, security group, EIP, ...), named by group. The translator's configured default applies
 * to every namespace; a namespace label {@value #NAMESPACE_LABEL} replaces it for that namespace
 * ({@code all}, {@code none}, or group names joined by dots, since a label value holds no commas:
 * {@code ram-role.eip}). A name the policy does not know grants nothing. Annotations outside the
 * groups (sizing, scheduling, fail strategy) are never restricted. Immutable.
 *
 * @param allowed the allowed groups; null: all
 */
public record OverridePolicy(Set<String> allowed) {

    public static final String NAMESPACE_LABEL = "vnode.alibabacloud.com/allowed-overrides";
    public static final String ALL = "all";
    public static final String NONE = "none";

    /** Group -> the annotations it covers (eci-api.md 2.10, 2.11). */
    public static final Map<String, List<String>> GROUPS = groups();

    public OverridePolicy {
        allowed = allowed == null ? null : Set.copyOf(allowed);
    }

    public static OverridePolicy all() {
        return new OverridePolicy(null);
    }

    /**
     * The configured default: {@code all}, {@code none} or group names.
     *
     * @throws IllegalArgumentException on a name that is not a group (a configuration error)
     */
    public static OverridePolicy of(Collection<String> names) {
        Set<String> groups = new LinkedHashSet<>();
        for (String raw : names) {
            String name = raw.trim();
            if (name.isEmpty() || NONE.equals(name)) {
                continue;
            }
            if (ALL.equals(name)) {
                return all();
            }
            if (!GROUPS.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is not an override group; use all, none or "
                        + String.join(", ", GROUPS.keySet()));
            }
            groups.add(name);
        }
        return new OverridePolicy(groups);
    }

    /** The first override annotation of the pod its namespace's policy does not allow, as a rejection. */
    Optional<Translation.Rejected> check(Map<String, String> annotations, Map<String, String> namespaceLabels,
                                         String namespace) {
        String label = namespaceLabels.get(NAMESPACE_LABEL);
        OverridePolicy policy = label == null ? this : fromLabel(label);
        if (policy.allowed() == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
            if (policy.allowed().contains(group.getKey())) {
                continue;
            }
            for (String annotation : group.getValue()) {
                if (annotations.containsKey(annotation)) {
                    String source = label == null
                            ? "the virtual node's default policy (vnode.translator.allowed-overrides) allows "
                            : "the label " + NAMESPACE_LABEL + " of namespace " + namespace + " allows ";
                    return Optional.of(new Translation.Rejected(RejectionReason.OVERRIDE_NOT_ALLOWED, "annotation " + annotation
                            + " (override group " + group.getKey() + ") is not allowed in namespace " + namespace + ": "
                            + source + describe(policy, label) + ". Remove the annotation, or ask the cluster operator"
                            + " to allow " + group.getKey() + " for the namespace"));
                }
            }
        }
        return Optional.empty();
    }

    /** The label's policy: unknown names grant nothing. */
    private static OverridePolicy fromLabel(String value) {
        List<String> names = new ArrayList<>();
        for (String name : value.split("\\.")) {
            String n = name.trim();
            if (ALL.equals(n)) {
                return all();
            }
            if (GROUPS.containsKey(n)) {
                names.add(n);
            }
        }
        return new OverridePolicy(new LinkedHashSet<>(names));
    }

    private static String describe(OverridePolicy policy, String label) {
        String granted = policy.allowed().isEmpty() ? "no override"
                : "only " + String.join(", ", GROUPS.keySet().stream().filter(policy.allowed()::contains).toList());
        return label == null ? granted : granted + " ('" + label + "')";
    }

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("ram-role", List.of("k8s.aliyun.com/eci-ram-role-name"));
        g.put("vswitch", List.of(Keys.ECI_VSWITCH, PodTranslator.ACS_VSWITCH_IDS));
        g.put("security-group", List.of(Keys.ECI_SECURITY_GROUP, PodTranslator.ACS_SECURITY_GROUP_IDS));
        g.put("eip", List.of("k8s.aliyun.com/eci-with-eip", "network.alibabacloud.com/pod-with-eip",
                "k8s.aliyun.com/eci-eip-instanceid", "network.alibabacloud.com/pod-eip-instanceid",
                "k8s.aliyun.com/eip-bandwidth", "k8s.aliyun.com/eip-isp", "k8s.aliyun.com/eip-common-bandwidth-package-id"));
        g.put("ip-address", List.of("k8s.aliyun.com/eci-private-ip-address", "k8s.aliyun.com/eci-fixed-ip",
                "k8s.aliyun.com/eci-fixed-ip-retain-hour", "k8s.aliyun.com/eci-enable-ipv6",
                "k8s.aliyun.com/eci-ipv6-bandwidth-enable", "k8s.aliyun.com/eci-ipv6-bandwidth"));
        g.put("bandwidth", List.of("kubernetes.io/ingress-bandwidth", "kubernetes.io/egress-bandwidth"));
        g.put("registry", List.of("k8s.aliyun.com/plain-http-registry", "registry.alibabacloud.com/plain-http-registry",
                "k8s.aliyun.com/insecure-registry", "registry.alibabacloud.com/insecure-registry"));
        g.put("image-cache", List.of("k8s.aliyun.com/eci-auto-imc", "k8s.aliyun.com/eci-image-cache",
                "k8s.aliyun.com/eci-imc-id", "k8s.aliyun.com/eci-image-snapshot-id"));
        g.put("spot", List.of("k8s.aliyun.com/eci-spot-strategy", "k8s.aliyun.com/eci-spot-price-limit",
                "k8s.aliyun.com/eci-spot-duration"));
        g.put("tags", List.of(CloudParameters.ECI_CUSTOM_TAGS));
        g.put("host-settings", List.of("k8s.aliyun.com/eci-ntp-server", "k8s.aliyun.com/eci-core-pattern"));
        return java.util.Collections.unmodifiableMap(g);
    }
}
