package io.vnode.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnode.agent.domain.VirtualNodeIdentity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VirtualNodeIdentityTest {

    @ParameterizedTest
    @CsvSource({
        "cn-hangzhou, cn-hangzhou-k, virtual-kubelet-cn-hangzhou-k",
        "cn-zhangjiakou, cn-zhangjiakou-a, virtual-kubelet-cn-zhangjiakou-a",
        "cn-shanghai, l, virtual-kubelet-cn-shanghai-l"
    })
    void nodeNameFollowsTheDocuments(String region, String zone, String expected) {
        assertThat(new VirtualNodeIdentity(region, zone, null, null).nodeName()).isEqualTo(expected);
    }

    @Test
    void labelsAreExactlyThoseOfTheSeeds() {
        assertThat(new VirtualNodeIdentity("cn-hangzhou", "cn-hangzhou-k", null, null).labels()).containsExactly(
                org.assertj.core.api.Assertions.entry("type", "virtual-kubelet"),
                org.assertj.core.api.Assertions.entry("kubernetes.io/role", "agent"),
                org.assertj.core.api.Assertions.entry("kubernetes.io/arch", "amd64"),
                org.assertj.core.api.Assertions.entry("kubernetes.io/os", "linux"),
                org.assertj.core.api.Assertions.entry("kubernetes.io/hostname", "virtual-kubelet-cn-hangzhou-k"),
                org.assertj.core.api.Assertions.entry("topology.kubernetes.io/region", "cn-hangzhou"),
                org.assertj.core.api.Assertions.entry("topology.kubernetes.io/zone", "cn-hangzhou-k"),
                org.assertj.core.api.Assertions.entry("service.alibabacloud.com/exclude-node", "true"));
    }

    @Test
    void zoneIsRequired() {
        assertThatThrownBy(() -> new VirtualNodeIdentity("cn-hangzhou", " ", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
