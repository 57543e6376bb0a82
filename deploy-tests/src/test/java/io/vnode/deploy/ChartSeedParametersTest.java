package io.vnode.deploy;

import static io.vnode.deploy.RenderedChart.container;
import static io.vnode.deploy.RenderedChart.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parameters of ack-virtual-node's install page (seed 002's table), set as they are written there, win
 * over the chart's own values; the required ones fail the install naming the parameter.
 */
class ChartSeedParametersTest {

    /** Seed 002's table, with values a user would copy from the console. */
    static final Map<String, Object> SEED_PARAMETERS = new LinkedHashMap<>();

    static {
        SEED_PARAMETERS.put("ALIYUN_CLUSTERID", "c-seed0123456789");
        SEED_PARAMETERS.put("ALIYUN_RESOURCEGROUP_ID", "rg-seed");
        SEED_PARAMETERS.put("ECI_REGION", "cn-beijing");
        SEED_PARAMETERS.put("ECI_VPC", "vpc-seed");
        SEED_PARAMETERS.put("ECI_VSWITCH", "vsw-xxx1, vsw-xxx2");
        SEED_PARAMETERS.put("ECI_SECURITY_GROUP", "sg-seed");
        SEED_PARAMETERS.put("KUBERNETES_APISERVER_HOST", "192.168.0.10");
        SEED_PARAMETERS.put("KUBERNETES_APISERVER_PORT", "6443");
    }

    private static final RenderedChart CHART = RenderedChart.render(SEED_PARAMETERS);

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
            "node-agent,        VNODE_REGION_ID,         cn-beijing",
            "pod-translator,    VNODE_REGION_ID,         cn-beijing",
            "pod-translator,    VNODE_VSWITCH_IDS,       'vsw-xxx1,vsw-xxx2'",
            "pod-translator,    VNODE_SECURITY_GROUP_ID, sg-seed",
            "pod-translator,    VNODE_RESOURCE_GROUP_ID, rg-seed",
            "cloud-executor,    VNODE_CLOUD_REGIONID,    cn-beijing",
            "cloud-executor,    VNODE_CLOUD_CLUSTERID,   c-seed0123456789",
            "node-agent,        KUBERNETES_SERVICE_HOST, 192.168.0.10",
            "node-agent,        KUBERNETES_SERVICE_PORT, 6443",
            "cloud-executor,    KUBERNETES_SERVICE_HOST, 192.168.0.10",
            "pod-translator,    KUBERNETES_SERVICE_PORT, 6443",
            "status-reconciler, KUBERNETES_SERVICE_HOST, 192.168.0.10"})
    void seedParametersReachTheServices(String component, String name, String value) {
        Map<String, EnvVar> env = env(container(CHART.deployment(component)));
        assertThat(env).containsKey(name);
        assertThat(env.get(name).getValue()).isEqualTo(value);
    }

    @Test
    void vSwitchZonesReachTheTranslator() {
        RenderedChart chart = RenderedChart.render(Map.of(), "vSwitchZones:\n  vsw-b: cn-hangzhou-b\n  vsw-a: cn-hangzhou-k\n");
        assertThat(env(container(chart.deployment("pod-translator"))).get("VNODE_VSWITCH_ZONES").getValue())
                .isEqualTo("vsw-a=cn-hangzhou-k,vsw-b=cn-hangzhou-b");
        assertThat(env(container(RenderedChart.defaults().deployment("pod-translator")))).doesNotContainKey("VNODE_VSWITCH_ZONES");
    }

    @Test
    void seedParametersFillTheEciProfile() {
        ConfigMap profile = CHART.get(ConfigMap.class, "eci-profile");
        assertThat(profile.getData()).containsEntry("vSwitchIds", "vsw-xxx1,vsw-xxx2").containsEntry("securityGroupId", "sg-seed")
                .containsEntry("resourceGroupId", "rg-seed").containsEntry("vpcId", "vpc-seed");
    }

    @Test
    void withoutThemTheChartValuesApplyAndNoApiServerOverrideIsSet() {
        RenderedChart chart = RenderedChart.defaults();
        Map<String, EnvVar> env = env(container(chart.deployment("node-agent")));
        assertThat(env.get("VNODE_REGION_ID").getValue()).isEqualTo("cn-hangzhou");
        assertThat(env).doesNotContainKeys("KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT");
        // an unset parameter is empty, never a template's "<no value>"
        assertThat(env(container(chart.deployment("cloud-executor"))).get("VNODE_CLOUD_CLUSTERID").getValue()).isNullOrEmpty();
        assertThat(env(container(chart.deployment("pod-translator"))).get("VNODE_RESOURCE_GROUP_ID").getValue()).isNullOrEmpty();
        assertThat(chart.get(ConfigMap.class, "eci-profile").getData()).doesNotContainKey("vpcId")
                .containsEntry("resourceGroupId", "");
    }

    @Test
    void requiredParametersFailTheInstallByName() {
        assertThatThrownBy(() -> RenderedChart.render(Map.of(), "regionId: \"\"\n"))
                .hasMessageContaining("ECI_REGION (or regionId) is required");
        assertThatThrownBy(() -> RenderedChart.render(Map.of(), "vSwitchIds: []\n"))
                .hasMessageContaining("ECI_VSWITCH (or vSwitchIds) is required");
        assertThatThrownBy(() -> RenderedChart.render(Map.of(), "securityGroupId: \"\"\n"))
                .hasMessageContaining("ECI_SECURITY_GROUP (or securityGroupId) is required");
        // a cluster with its own eci-profile gives vSwitches and security group there
        assertThat(RenderedChart.render(Map.of("eciProfile.create", false), "vSwitchIds: []\nsecurityGroupId: \"\"\n")
                .find(ConfigMap.class, "eci-profile")).isEmpty();
    }
}
