package io.vnode.translator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.translator.domain.EciProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurrentProfileTest {

    private final CurrentProfile profile = new CurrentProfile(new EciProfile(List.of("vsw-a"), "sg-1", "rg-1"));

    @Test
    void theConfigMapReplacesWhatItNamesAndKeepsTheRest() {
        profile.apply(Map.of("vSwitchIds", "vsw-x, vsw-y", "securityGroupId", "sg-9"));
        assertThat(profile.current()).isEqualTo(new EciProfile(List.of("vsw-x", "vsw-y"), "sg-9", "rg-1"));
    }

    @Test
    void deletingTheConfigMapRestoresTheConfiguredProfile() {
        profile.apply(Map.of("resourceGroupId", "rg-2"));
        assertThat(profile.current().resourceGroupId()).isEqualTo("rg-2");
        profile.reset();
        assertThat(profile.current()).isEqualTo(new EciProfile(List.of("vsw-a"), "sg-1", "rg-1"));
    }

    @Test
    void vSwitchIdsAreTheInstancesVSwitches() {
        profile.apply(Map.of("vSwitchIds", "vsw-1,vsw-2"));
        assertThat(profile.current().vSwitchIds()).containsExactly("vsw-1", "vsw-2");
    }

    @Test
    void securityGroupIdIsTheInstancesGroup() {
        profile.apply(Map.of("securityGroupId", "sg-7"));
        assertThat(profile.current().securityGroupId()).isEqualTo("sg-7");
    }

    @Test
    void resourceGroupIdIsTheInstancesResourceGroup() {
        profile.apply(Map.of("resourceGroupId", "rg-7"));
        assertThat(profile.current().resourceGroupId()).isEqualTo("rg-7");
    }

    @Test
    void vSwitchZonesGiveEachVSwitchItsZone() {
        profile.apply(Map.of("vSwitchZones", "vsw-a=cn-hangzhou-k, vsw-b=cn-hangzhou-j"));
        assertThat(profile.current().vSwitchZones())
                .isEqualTo(Map.of("vsw-a", "cn-hangzhou-k", "vsw-b", "cn-hangzhou-j"));
    }

    @Test
    void malformedVSwitchZonesKeepTheConfiguredOnes() {
        CurrentProfile p = new CurrentProfile(EciProfile.empty().withVSwitchZones(Map.of("vsw-a", "cn-hangzhou-k")));
        p.apply(Map.of("vSwitchZones", "vsw-a"));
        assertThat(p.current().vSwitchZones()).isEqualTo(Map.of("vsw-a", "cn-hangzhou-k"));
    }

    @Test
    void selectorsAreReadWithTheirEffectAndAMalformedOneIsSkipped() {
        profile.apply(Map.of("selectors", """
                [{"name": "batch", "objectSelector": {"matchLabels": {"workload": "batch"}},
                  "effect": {"annotations": {"k8s.aliyun.com/eci-use-specs": "ecs.c6.xlarge"}, "labels": {"by": "profile"}}},
                 {"name": "everything"},
                 {"name": "team", "namespaceSelector": {"matchExpressions": [{"key": "team", "operator": "Exists"}]}}]
                """));
        var selectors = profile.current().selectors();
        assertThat(selectors).extracting(s -> s.name()).containsExactly("batch", "team");
        assertThat(selectors.get(0).effectAnnotations()).containsEntry("k8s.aliyun.com/eci-use-specs", "ecs.c6.xlarge");
        assertThat(selectors.get(0).effectLabels()).containsEntry("by", "profile");
        assertThat(profile.current().selectorFor(Map.of("team", "a"), Map.of())).get()
                .extracting(s -> s.name()).isEqualTo("team");
    }

    @Test
    void selectorsThatAreNotJsonGiveNoEffect() {
        profile.apply(Map.of("selectors", "- name: yaml"));
        assertThat(profile.current().selectors()).isEmpty();
    }

    @Test
    void keysTheTranslatorCannotUseAreNamedWithAReasonAndChangeNothing() {
        profile.apply(Map.of("vpcId", "vpc-1", "enableLinuxArm64Node", "true", "enablePrivateZone", "true"));
        assertThat(profile.current()).isEqualTo(new EciProfile(List.of("vsw-a"), "sg-1", "rg-1"));
        assertThat(CurrentProfile.IGNORED).containsKeys("vpcId", "enableLinuxArm64Node", "enableClusterIp",
                "enablePrivateZone");
        assertThat(CurrentProfile.IGNORED.get("vpcId")).contains("vSwitches");
    }
}
