package io.vnode.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeFluent;
import io.fabric8.kubernetes.api.model.Quantity;
import io.vnode.contracts.instance.ClaimSource;
import io.vnode.contracts.instance.DiskSource;
import io.vnode.contracts.instance.FlexSource;
import io.vnode.contracts.instance.NfsSource;
import io.vnode.contracts.instance.VolumeSpec;
import io.vnode.executor.domain.ClaimVolumes.ClaimState;
import io.vnode.executor.domain.ClaimVolumes.Resolution;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A claim volume, the claim and its PersistentVolume as read, and the instance's zone -> what the cloud gets. */
class ClaimVolumesTest {

    private static final String K = "cn-hangzhou-k";
    private static final String J = "cn-hangzhou-j";
    private static final VolumeSpec DATA = VolumeSpec.claim("data", new ClaimSource("shop", "www", false));
    private static final VolumeSpec DATA_RO = VolumeSpec.claim("data", new ClaimSource("shop", "www", true));

    static Stream<Arguments> rows() {
        return Stream.of(
                // not mountable yet: the kubelet's words, and the pod waits
                row("no such claim", DATA, ClaimState.MISSING, K,
                        new Resolution.Wait("persistentvolumeclaim \"www\" not found")),
                row("claim pending", DATA, new ClaimState(true, "Pending", null, null), K,
                        new Resolution.Wait("error processing PVC shop/www: PVC is not bound (phase Pending)")),
                row("bound, the PV gone", DATA, new ClaimState(true, "Bound", "pv-1", null), K,
                        new Resolution.Wait("error processing PVC shop/www: failed to fetch PV pv-1 from API server:"
                                + " persistentvolumes \"pv-1\" not found")),
                // NFS and NAS: an NFSVolume; read-only from the claim volume or the PV
                row("nfs PV", DATA, bound(pv().withNewNfs().withServer("nas.example.com").withPath("/share").endNfs()), K,
                        mount(VolumeSpec.nfs("data", new NfsSource("nas.example.com", "/share", false)))),
                row("nfs PV, the pod's claim read-only", DATA_RO, bound(pv().withNewNfs().withServer("nas.example.com")
                        .withPath("/share").endNfs()), K,
                        mount(VolumeSpec.nfs("data", new NfsSource("nas.example.com", "/share", true)))),
                row("NAS CSI PV, path defaults to /", DATA, bound(csi(ClaimVolumes.NAS_DRIVER, "pv-1",
                        Map.of("server", "0a1b-xyz.cn-hangzhou.nas.aliyuncs.com"))), K,
                        mount(VolumeSpec.nfs("data", new NfsSource("0a1b-xyz.cn-hangzhou.nas.aliyuncs.com", "/", false)))),
                row("NAS CSI PV without a server", DATA, bound(csi(ClaimVolumes.NAS_DRIVER, "pv-1", Map.of("path", "/x"))), K,
                        new Resolution.Refuse("PersistentVolume pv-1 (claim shop/www) is a NAS volume without"
                                + " volumeAttributes.server: name the NAS mount target (xxx.nas.aliyuncs.com)")),
                // disks: a DiskVolume in the disk's zone only
                row("disk PV in the instance's zone", DATA, bound(disk("d-bp1", K)), K,
                        mount(VolumeSpec.disk("data", new DiskSource("d-bp1", 20, "ext4")))),
                row("disk PV, the instance's zone not known", DATA, bound(disk("d-bp1", J)), null,
                        mount(VolumeSpec.disk("data", new DiskSource("d-bp1", 20, "ext4")))),
                row("disk PV in another zone", DATA, bound(disk("d-bp1", J)), K,
                        new Resolution.Refuse("PersistentVolume pv-1 (claim shop/www): disk d-bp1 is in zone cn-hangzhou-j"
                                + " and the instance in cn-hangzhou-k; a disk attaches only in its own zone: schedule the pod"
                                + " to the virtual node of that zone")),
                // OSS: a FlexVolume of alicloud/oss; credentials only by RAM role
                row("OSS CSI PV", DATA_RO, bound(csi(ClaimVolumes.OSS_DRIVER, "pv-1", ordered("bucket", "logs", "url",
                        "oss-cn-hangzhou-internal.aliyuncs.com", "otherOpts", "-o max_stat_cache_size=0", "ramRole", "oss-reader"))), K,
                        mount(VolumeSpec.flex("data", new FlexSource("alicloud/oss", null, ordered("bucket", "logs", "url",
                                "oss-cn-hangzhou-internal.aliyuncs.com", "otherOpts", "-o max_stat_cache_size=0 -o ro",
                                "ramRole", "oss-reader"))))),
                row("OSS CSI PV with an AccessKey Secret", DATA, bound(new PersistentVolumeBuilder(csi(ClaimVolumes.OSS_DRIVER,
                        "pv-1", Map.of("bucket", "logs"))).editSpec().editCsi().withNewNodePublishSecretRef("oss-ak", "kube-system")
                        .endCsi().endSpec().build()), K,
                        new Resolution.Refuse("PersistentVolume pv-1 (claim shop/www) takes its OSS AccessKey from"
                                + " nodePublishSecretRef, which the virtual node does not hand to the cloud: give the PV"
                                + " volumeAttributes.ramRole (a RAM role the instance assumes)")),
                row("alicloud flexVolume PV", DATA, bound(pv().withNewFlexVolume().withDriver("alicloud/nas")
                        .withOptions(Map.of("server", "nas.example.com")).endFlexVolume()), K,
                        mount(VolumeSpec.flex("data", new FlexSource("alicloud/nas", null, Map.of("server", "nas.example.com"))))),
                // everything else: refused with what it is
                row("another CSI driver", DATA, bound(csi("ebs.csi.aws.com", "vol-1", Map.of())), K,
                        new Resolution.Refuse("PersistentVolume pv-1 (claim shop/www) is a csi volume of driver ebs.csi.aws.com,"
                                + " which the cloud cannot mount: the virtual node mounts nfs PersistentVolumes and those of the"
                                + " CSI drivers nasplugin.csi.alibabacloud.com, diskplugin.csi.alibabacloud.com and"
                                + " ossplugin.csi.alibabacloud.com")),
                row("hostPath PV", DATA, bound(pv().withNewHostPath().withPath("/mnt/data").endHostPath()), K,
                        new Resolution.Refuse("PersistentVolume pv-1 (claim shop/www) is a hostPath volume, which the cloud"
                                + " cannot mount: the virtual node mounts nfs PersistentVolumes and those of the CSI drivers"
                                + " nasplugin.csi.alibabacloud.com, diskplugin.csi.alibabacloud.com and"
                                + " ossplugin.csi.alibabacloud.com")),
                row("block volume", DATA, bound(new PersistentVolumeBuilder(disk("d-bp1", K)).editSpec().withVolumeMode("Block")
                        .endSpec().build()), K,
                        new Resolution.Refuse("PersistentVolume pv-1 (claim shop/www) is a block volume: the cloud mounts"
                                + " file systems only (volumeMode: Filesystem)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void resolves(String name, VolumeSpec volume, ClaimState state, String zone, Resolution expected) {
        assertThat(ClaimVolumes.resolve(volume, state, zone)).isEqualTo(expected);
    }

    private static Arguments row(String name, VolumeSpec v, ClaimState s, String zone, Resolution r) {
        return Arguments.of(name, v, s, zone, r);
    }

    private static Resolution mount(VolumeSpec v) {
        return new Resolution.Mount(v);
    }

    private static ClaimState bound(PersistentVolume pv) {
        return new ClaimState(true, "Bound", pv.getMetadata().getName(), pv);
    }

    private static ClaimState bound(PersistentVolumeFluent<PersistentVolumeBuilder>.SpecNested<PersistentVolumeBuilder> pv) {
        return bound(pv.endSpec().build());
    }

    private static PersistentVolumeFluent<PersistentVolumeBuilder>.SpecNested<PersistentVolumeBuilder> pv() {
        return new PersistentVolumeBuilder().withNewMetadata().withName("pv-1").endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("20Gi")));
    }

    private static PersistentVolume csi(String driver, String handle, Map<String, String> attributes) {
        return pv().withNewCsi().withDriver(driver).withVolumeHandle(handle).withVolumeAttributes(attributes).endCsi()
                .endSpec().build();
    }

    private static PersistentVolume disk(String diskId, String zone) {
        return pv().withNewCsi().withDriver(ClaimVolumes.DISK_DRIVER).withVolumeHandle(diskId).endCsi()
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("topology.diskplugin.csi.alibabacloud.com/zone").withOperator("In").withValues(zone)
                .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build();
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
