package io.vnode.executor.domain;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.ClaimSource;
import io.vnode.contracts.instance.DiskSource;
import io.vnode.contracts.instance.FlexSource;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.NfsSource;
import io.vnode.contracts.instance.VolumeSpec;
import io.vnode.contracts.instance.VolumeType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's PersistentVolumeClaims as cloud volumes. The claim's PersistentVolume decides the volume: an NFS PV or
 * one of the NAS CSI driver is an NFSVolume; one of the disk CSI driver a DiskVolume (the disk attaches only in
 * its zone, to one instance at a time); one of the OSS CSI driver, or an {@code alicloud/*} flexVolume PV, a
 * FlexVolume. A claim that does not exist or is not bound yet is waited for, as a kubelet waits to mount it;
 * any other PV is refused with what it is and what the cloud can mount instead.
 */
public final class ClaimVolumes {

    /** Code of the create failure when a claim's PersistentVolume cannot be mounted by the cloud. */
    public static final String CODE_UNSUPPORTED = "UnsupportedVolume";
    public static final String NAS_DRIVER = "nasplugin.csi.alibabacloud.com";
    public static final String DISK_DRIVER = "diskplugin.csi.alibabacloud.com";
    public static final String OSS_DRIVER = "ossplugin.csi.alibabacloud.com";
    /** The zone keys a disk PV's node affinity names its zone by. */
    static final List<String> ZONE_KEYS = List.of(Keys.TOPOLOGY_CSI_ZONE,
            "topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone");

    /**
     * A claim as read just before the create.
     *
     * @param exists whether the claim exists
     * @param phase its {@code status.phase} (Pending, Bound, Lost)
     * @param volumeName its {@code spec.volumeName}
     * @param volume the bound PersistentVolume, null when unbound or when it does not exist
     */
    public record ClaimState(boolean exists, String phase, String volumeName, PersistentVolume volume) {

        public static final ClaimState MISSING = new ClaimState(false, null, null, null);

        boolean bound() {
            return exists && "Bound".equals(phase) && volumeName != null && !volumeName.isEmpty();
        }
    }

    /** What a claim volume becomes. */
    public sealed interface Resolution {
        /** The cloud volume to send, under the pod's volume name. */
        record Mount(VolumeSpec volume) implements Resolution {
        }

        /** Not mountable yet (the claim is missing or unbound): the kubelet's words. */
        record Wait(String message) implements Resolution {
        }

        /** The PV can never be mounted by the cloud. */
        record Refuse(String message) implements Resolution {
        }
    }

    private ClaimVolumes() {
    }

    /** The key a claim's state is held under. */
    public static String key(ClaimSource claim) {
        return claim.namespace() + "/" + claim.claimName();
    }

    /** Every claim the request mounts (deduplicated). */
    public static Set<ClaimSource> claims(InstanceRequest request) {
        Set<ClaimSource> claims = new LinkedHashSet<>();
        for (VolumeSpec v : ReferenceCheck.nullSafe(request.volumes())) {
            if (v.type() == VolumeType.CLAIM && v.claim() != null) {
                claims.add(new ClaimSource(v.claim().namespace(), v.claim().claimName(), false));
            }
        }
        return claims;
    }

    /** Why the request's claims can never be mounted; empty when none is refused. */
    public static List<String> refusals(InstanceRequest request, Map<String, ClaimState> states) {
        List<String> refused = new ArrayList<>();
        forEachClaim(request, states, (v, r) -> {
            if (r instanceof Resolution.Refuse f) {
                refused.add(f.message());
            }
        });
        return refused;
    }

    /** The kubelet's messages for the claims not mountable yet; empty when every claim is bound. */
    public static List<String> waits(InstanceRequest request, Map<String, ClaimState> states) {
        List<String> waits = new ArrayList<>();
        forEachClaim(request, states, (v, r) -> {
            if (r instanceof Resolution.Wait w) {
                waits.add("MountVolume.SetUp failed for volume \"" + v.name() + "\" : " + w.message());
            }
        });
        return waits;
    }

    private static void forEachClaim(InstanceRequest request, Map<String, ClaimState> states,
                                     java.util.function.BiConsumer<VolumeSpec, Resolution> action) {
        for (VolumeSpec v : ReferenceCheck.nullSafe(request.volumes())) {
            if (v.type() == VolumeType.CLAIM && v.claim() != null) {
                action.accept(v, resolve(v, states.getOrDefault(key(v.claim()), ClaimState.MISSING), request.zoneId()));
            }
        }
    }

    /** The cloud volume of one claim volume, given the claim as read and the instance's zone (null: any). */
    public static Resolution resolve(VolumeSpec v, ClaimState state, String instanceZone) {
        ClaimSource claim = v.claim();
        String pvc = claim.namespace() + "/" + claim.claimName();
        if (!state.exists()) {
            return new Resolution.Wait("persistentvolumeclaim \"" + claim.claimName() + "\" not found");
        }
        if (!state.bound()) {
            return new Resolution.Wait("error processing PVC " + pvc + ": PVC is not bound (phase "
                    + (state.phase() == null ? "Pending" : state.phase()) + ")");
        }
        PersistentVolume pv = state.volume();
        if (pv == null || pv.getSpec() == null) {
            return new Resolution.Wait("error processing PVC " + pvc + ": failed to fetch PV " + state.volumeName()
                    + " from API server: persistentvolumes \"" + state.volumeName() + "\" not found");
        }
        String what = "PersistentVolume " + state.volumeName() + " (claim " + pvc + ")";
        PersistentVolumeSpec spec = pv.getSpec();
        if ("Block".equals(spec.getVolumeMode())) {
            return new Resolution.Refuse(what + " is a block volume: the cloud mounts file systems only (volumeMode: Filesystem)");
        }
        if (spec.getNfs() != null) {
            var n = spec.getNfs();
            return mount(VolumeSpec.nfs(v.name(), new NfsSource(n.getServer(), n.getPath(),
                    claim.readOnly() || Boolean.TRUE.equals(n.getReadOnly()))));
        }
        if (spec.getCsi() != null) {
            return csi(v, what, spec, instanceZone);
        }
        if (spec.getFlexVolume() != null && spec.getFlexVolume().getDriver() != null
                && spec.getFlexVolume().getDriver().startsWith("alicloud/")) {
            var f = spec.getFlexVolume();
            return mount(VolumeSpec.flex(v.name(), new FlexSource(f.getDriver(), f.getFsType(),
                    f.getOptions() == null ? null : new LinkedHashMap<>(f.getOptions()))));
        }
        return new Resolution.Refuse(what + " is " + kindOf(spec) + ", which the cloud cannot mount: the virtual node"
                + " mounts nfs PersistentVolumes and those of the CSI drivers " + NAS_DRIVER + ", " + DISK_DRIVER
                + " and " + OSS_DRIVER);
    }

    private static Resolution csi(VolumeSpec v, String what, PersistentVolumeSpec spec, String instanceZone) {
        var csi = spec.getCsi();
        Map<String, String> attributes = csi.getVolumeAttributes() == null ? Map.of() : csi.getVolumeAttributes();
        boolean readOnly = v.claim().readOnly() || Boolean.TRUE.equals(csi.getReadOnly());
        String driver = csi.getDriver() == null ? "" : csi.getDriver();
        switch (driver) {
            case NAS_DRIVER -> {
                String server = attributes.get("server");
                if (server == null || server.isBlank()) {
                    return new Resolution.Refuse(what + " is a NAS volume without volumeAttributes.server: name the NAS"
                            + " mount target (xxx.nas.aliyuncs.com)");
                }
                String path = attributes.getOrDefault("path", "/");
                return mount(VolumeSpec.nfs(v.name(), new NfsSource(server, path.isBlank() ? "/" : path, readOnly)));
            }
            case DISK_DRIVER -> {
                String diskId = csi.getVolumeHandle();
                if (diskId == null || diskId.isBlank()) {
                    return new Resolution.Refuse(what + " is a disk volume without volumeHandle: it names the disk (d-...)");
                }
                List<String> zones = zonesOf(spec);
                if (instanceZone != null && !zones.isEmpty() && !zones.contains(instanceZone)) {
                    return new Resolution.Refuse(what + ": disk " + diskId + " is in zone " + String.join(", ", zones)
                            + " and the instance in " + instanceZone + "; a disk attaches only in its own zone: schedule"
                            + " the pod to the virtual node of that zone");
                }
                return mount(VolumeSpec.disk(v.name(), new DiskSource(diskId, gib(spec.getCapacity()),
                        csi.getFsType() == null || csi.getFsType().isBlank() ? "ext4" : csi.getFsType())));
            }
            case OSS_DRIVER -> {
                String bucket = attributes.get("bucket");
                if (bucket == null || bucket.isBlank()) {
                    return new Resolution.Refuse(what + " is an OSS volume without volumeAttributes.bucket");
                }
                if (csi.getNodePublishSecretRef() != null && !attributes.containsKey("ramRole")) {
                    return new Resolution.Refuse(what + " takes its OSS AccessKey from nodePublishSecretRef, which the"
                            + " virtual node does not hand to the cloud: give the PV volumeAttributes.ramRole (a RAM role"
                            + " the instance assumes)");
                }
                Map<String, String> options = new LinkedHashMap<>();
                for (String k : List.of("bucket", "url", "path", "otherOpts", "ramRole")) {
                    if (attributes.get(k) != null && !attributes.get(k).isBlank()) {
                        options.put(k, attributes.get(k));
                    }
                }
                if (readOnly) {
                    options.merge("otherOpts", "-o ro", (a, b) -> a + " " + b);
                }
                return mount(VolumeSpec.flex(v.name(), new FlexSource("alicloud/oss", null, options)));
            }
            default -> {
                return new Resolution.Refuse(what + " is a csi volume of driver " + driver + ", which the cloud cannot"
                        + " mount: the virtual node mounts nfs PersistentVolumes and those of the CSI drivers " + NAS_DRIVER
                        + ", " + DISK_DRIVER + " and " + OSS_DRIVER);
            }
        }
    }

    private static Resolution mount(VolumeSpec volume) {
        return new Resolution.Mount(volume);
    }

    /** The zones a PV's required node affinity allows, by the zone keys; empty: any. */
    static List<String> zonesOf(PersistentVolumeSpec spec) {
        List<String> zones = new ArrayList<>();
        if (spec.getNodeAffinity() == null || spec.getNodeAffinity().getRequired() == null) {
            return zones;
        }
        for (NodeSelectorTerm term : spec.getNodeAffinity().getRequired().getNodeSelectorTerms()) {
            for (NodeSelectorRequirement r : ReferenceCheck.nullSafe(term.getMatchExpressions())) {
                if (ZONE_KEYS.contains(r.getKey()) && "In".equals(r.getOperator())) {
                    zones.addAll(ReferenceCheck.nullSafe(r.getValues()));
                }
            }
        }
        return zones;
    }

    private static Integer gib(Map<String, Quantity> capacity) {
        Quantity q = capacity == null ? null : capacity.get("storage");
        if (q == null) {
            return null;
        }
        BigDecimal bytes = q.getNumericalAmount();
        return bytes.divide(BigDecimal.valueOf(1L << 30), 0, RoundingMode.CEILING).intValueExact();
    }

    private static String kindOf(PersistentVolumeSpec spec) {
        if (spec.getHostPath() != null) {
            return "a hostPath volume";
        }
        if (spec.getLocal() != null) {
            return "a local volume of a node of this cluster";
        }
        if (spec.getFlexVolume() != null) {
            return "a flexVolume of driver " + spec.getFlexVolume().getDriver();
        }
        return "of a type other than nfs and csi";
    }
}
