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
                org.assertj.core.api.Assertions.entry("topology.diskplugin.csi.alibabacloud.com/zone", "cn-hangzhou-k"),
                org.assertj.core.api.Assertions.entry("service.alibabacloud.com/exclude-node", "true"));
    }

    @Test
    void aCapacityReservationIsANodeOfItsOwnLabelledReserved() {
        VirtualNodeIdentity reserved = new VirtualNodeIdentity("cn-hangzhou", "cn-hangzhou-k", null, null, "crp-bp1fs1wvnbnzs2qsxxxx");
        assertThat(reserved.nodeName()).isEqualTo("virtual-kubelet-cn-hangzhou-k-rsv-crp-bp1fs1wvnbnzs2qsxxxx");
        assertThat(reserved.labels()).containsEntry("alibabacloud.com/node-type", "reserved")
                .containsEntry("vnode.io/capacity-reservation", "crp-bp1fs1wvnbnzs2qsxxxx")
                .containsEntry("kubernetes.io/hostname", reserved.nodeName())
                .containsEntry("topology.kubernetes.io/zone", "cn-hangzhou-k").containsEntry("type", "virtual-kubelet");
        assertThat(new VirtualNodeIdentity("cn-hangzhou", "cn-hangzhou-k", null, null).labels()).doesNotContainKey("alibabacloud.com/node-type");
    }

    @Test
    void aReservationIdThatMakesNoHostnameIsRefusedNamingIt() {
        assertThatThrownBy(() -> new VirtualNodeIdentity("cn-hangzhou", "cn-hangzhou-k", null, null, "CRP_Upper" + "x".repeat(40)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a valid hostname label")
                .hasMessageContaining("CRP_Upper");
    }

    @Test
    void zoneIsRequired() {
        assertThatThrownBy(() -> new VirtualNodeIdentity("cn-hangzhou", " ", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
