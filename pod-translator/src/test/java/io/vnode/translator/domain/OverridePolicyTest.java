package io.vnode.translator.domain;

import static io.vnode.translator.domain.Pods.oneContainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnode.contracts.pod.RejectionReason;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per case of the override policy: the pod's annotations, the namespace's policy label
 * (null: none), the configured default, and the rejection (null: accepted).
 */
class OverridePolicyTest {

    static final String RAM = "{k8s.aliyun.com/eci-ram-role-name: admin}";
    static final String DEFAULT_NONE = "the virtual node's default policy (vnode.translator.allowed-overrides) allows no override";

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("default all: a RAM role", RAM, null, List.of("all"), null),
                Arguments.of("default none: a RAM role", RAM, null, List.of("none"),
                        "annotation k8s.aliyun.com/eci-ram-role-name (override group ram-role) is not allowed in namespace"
                                + " shop: " + DEFAULT_NONE + ". Remove the annotation, or ask the cluster operator to allow"
                                + " ram-role for the namespace"),
                Arguments.of("default none: no override", "{k8s.aliyun.com/eci-use-specs: 2-4Gi}", null, List.of("none"), null),
                Arguments.of("default none, namespace allows ram-role and eip", RAM, "ram-role.eip", List.of("none"), null),
                Arguments.of("default all, namespace allows only eip: a RAM role", RAM, "eip", List.of("all"),
                        "the label vnode.alibabacloud.com/allowed-overrides of namespace shop allows only eip ('eip')"),
                Arguments.of("namespace none: a vSwitch", "{k8s.aliyun.com/eci-vswitch: vsw-x}", "none", List.of("all"),
                        "annotation k8s.aliyun.com/eci-vswitch (override group vswitch)"),
                Arguments.of("namespace none: an ACS security group", "{network.alibabacloud.com/security-group-ids: sg-x}", "none",
                        List.of("all"), "annotation network.alibabacloud.com/security-group-ids (override group security-group)"),
                Arguments.of("namespace vswitch: an EIP", "{k8s.aliyun.com/eci-with-eip: 'true'}", "vswitch", List.of("all"),
                        "annotation k8s.aliyun.com/eci-with-eip (override group eip)"),
                Arguments.of("namespace vswitch: an existing EIP", "{k8s.aliyun.com/eci-eip-instanceid: eip-1}", "vswitch", List.of("all"),
                        "annotation k8s.aliyun.com/eci-eip-instanceid (override group eip)"),
                Arguments.of("namespace typo grants nothing", RAM, "ram-roles", List.of("all"),
                        "allows no override ('ram-roles')"),
                Arguments.of("namespace all over a default none", RAM, "all", List.of("none"), null),
                Arguments.of("default security-group, vswitch: a private IP", "{k8s.aliyun.com/eci-private-ip-address: 10.0.0.9}",
                        null, List.of("security-group", "vswitch"),
                        "(override group ip-address) is not allowed in namespace shop: the virtual node's default policy"
                                + " (vnode.translator.allowed-overrides) allows only vswitch, security-group"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void anOverrideTheNamespacesPolicyDoesNotAllowIsRejectedNamingTheAnnotationAndThePolicy(String row, String annotations,
            String namespaceLabel, List<String> defaults, String rejection) {
        Map<String, String> nsLabels = namespaceLabel == null ? Map.of() : Map.of(OverridePolicy.NAMESPACE_LABEL, namespaceLabel);
        Translation t = PodTranslator.translate(oneContainer("{}", annotations, ""), nsLabels,
                Pods.CTX.withOverrides(OverridePolicy.of(defaults)));
        if (rejection == null) {
            assertThat(t).isInstanceOf(Translation.Accepted.class);
        } else {
            assertThat(t).isInstanceOfSatisfying(Translation.Rejected.class, r -> {
                assertThat(r.reason()).isEqualTo(RejectionReason.OVERRIDE_NOT_ALLOWED);
                assertThat(r.message()).contains(rejection);
            });
        }
    }

    @Test
    void aConfiguredGroupThatDoesNotExistIsAConfigurationError() {
        assertThatThrownBy(() -> OverridePolicy.of(List.of("ram-role", "rootkit")))
                .hasMessageContaining("'rootkit' is not an override group; use all, none or ram-role, vswitch");
    }
}
