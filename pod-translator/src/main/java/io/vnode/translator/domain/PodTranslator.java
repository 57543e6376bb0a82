package io.vnode.translator.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.ContainerSpec;
import io.vnode.contracts.instance.HostAlias;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import io.vnode.contracts.instance.VolumeSpec;
import io.vnode.contracts.pod.RejectionReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod (+ its namespace's labels, the region's configuration, the eci-profile) -> a complete ACS/ECI
 * create request, or a rejection with a stable reason code and a message a person can act on.
 * A pure function: no I/O, no clock, no randomness; the same pod gives the same request (the
 * executor's idempotency relies on it). Thread-safe: each translation runs on its own instance.
 *
 * <p>A translation is a chain of steps, each deciding one part of the request or refusing the pod;
 * the first refusal is the rejection, so the order of the steps decides which of several problems
 * a pod is told about.
 */
public final class PodTranslator {

    public static final int MAX_CONTAINERS = 20;
    public static final int MAX_VOLUMES = 20;
    public static final int MAX_VSWITCHES = 10;
    public static final int MAX_SECURITY_GROUPS = 5;
    public static final int MAX_TAGS = 20;
    /** The tags the executor adds: the cluster's, and the token lifetime of an instance with service-account tokens. */
    static final int EXECUTOR_TAGS = 2;

    public static final String ACS_VSWITCH_IDS = "network.alibabacloud.com/vswitch-ids";
    public static final String ACS_SECURITY_GROUP_IDS = "network.alibabacloud.com/security-group-ids";
    public static final Set<String> ACS_COMPUTE_CLASSES = Set.of("general-purpose", "performance", "gpu", "gpu-hpn");
    public static final Set<String> ACS_QOS = Set.of("default", "best-effort");

    /** The parts of a pod the steps read, with the defaults of what it leaves unset. */
    private record PodParts(Pod pod, ObjectMeta meta, PodSpec spec, String namespace, Map<String, String> labels,
                            Map<String, String> annotations, List<Container> containers,
                            List<Container> initContainers, List<Volume> volumes) {

        static Outcome<PodParts> of(Pod pod) {
            ObjectMeta meta = pod.getMetadata();
            PodSpec spec = pod.getSpec();
            if (meta == null || spec == null || Strings.isBlank(meta.getUid()) || Strings.isBlank(meta.getName())) {
                return Outcome.refused(RejectionReason.INVALID_POD, "the pod has no metadata.uid/name or no spec");
            }
            return Outcome.decided(new PodParts(pod, meta, spec,
                    Strings.isBlank(meta.getNamespace()) ? "default" : meta.getNamespace(),
                    meta.getLabels() == null ? Map.of() : meta.getLabels(),
                    meta.getAnnotations() == null ? Map.of() : meta.getAnnotations(),
                    spec.getContainers() == null ? List.of() : spec.getContainers(),
                    spec.getInitContainers() == null ? List.of() : spec.getInitContainers(),
                    spec.getVolumes() == null ? List.of() : spec.getVolumes()));
        }
    }

    private final PodParts pod;
    private final TranslationContext ctx;
    private final List<String> notes;
    private final ContainerMapping mapping;

    // Decided by the steps of request(), in its order; read by the steps after them.
    private Compute compute;
    private List<String> vSwitchIds;
    private String securityGroupId;
    private Map<String, String> tags;
    private Map<String, String> extraParameters;
    private SpecRounding.Sizing sizing;
    private List<ContainerSpec> containers;
    private List<ContainerSpec> initContainers;
    private List<VolumeSpec> volumes;

    private PodTranslator(PodParts pod, TranslationContext ctx, List<String> notes) {
        this.pod = pod;
        this.ctx = ctx;
        this.notes = notes;
        this.mapping = new ContainerMapping(pod.pod(), pod.namespace(), ctx, notes);
    }

    /**
     * Translates one pod.
     *
     * @param namespaceLabels the labels of the pod's namespace (they can choose ACS); null: none
     * @param ctx the region's configuration and the eci-profile in effect
     */
    public static Translation translate(Pod pod, Map<String, String> namespaceLabels, TranslationContext ctx) {
        Map<String, String> nsLabels = namespaceLabels == null ? Map.of() : namespaceLabels;
        List<String> notes = new ArrayList<>(2);
        return PodParts.of(pod)
                .then(PodTranslator::refuseDaemonSetPods)
                .then(PodTranslator::refuseHostNamespaces)
                .then(PodTranslator::refuseContainerAndVolumeCounts)
                .then(PodTranslator::refuseHostPaths)
                .then(PodTranslator::refuseUnrunnableContainers)
                .then(parts -> refuseDisallowedOverrides(parts, nsLabels, ctx))
                .then(parts -> withProfileEffect(parts, nsLabels, ctx, notes))
                .then(parts -> new PodTranslator(parts, ctx, notes).request(nsLabels))
                .then(PodTranslator::withinRequestLimits)
                .toTranslation(request -> new Translation.Accepted(request, request.specs().get(0).name(), notes));
    }

    private Outcome<InstanceRequest> request(Map<String, String> nsLabels) {
        return decideCompute(nsLabels)
                .then(PodTranslator::chooseVSwitches)
                .then(PodTranslator::chooseSecurityGroup)
                .then(PodTranslator::tag)
                .then(PodTranslator::addCloudParameters)
                .then(PodTranslator::size)
                .then(PodTranslator::mapContainers)
                .then(PodTranslator::mapVolumes)
                .map(PodTranslator::assemble);
    }

    /** The request as it will be sent, within the cloud's limits on content ({@link RequestLimits}). */
    private static Outcome<InstanceRequest> withinRequestLimits(InstanceRequest request) {
        return RequestLimits.check(request, Map.of())
                .<Outcome<InstanceRequest>>map(Outcome.Refused::new)
                .orElseGet(() -> Outcome.decided(request));
    }

    // ---- what the virtual node refuses ----

    private static Outcome<PodParts> refuseDaemonSetPods(PodParts pod) {
        if (pod.meta().getOwnerReferences() != null) {
            for (OwnerReference owner : pod.meta().getOwnerReferences()) {
                if ("DaemonSet".equals(owner.getKind())) {
                    return Outcome.refused(RejectionReason.DAEMONSET_NOT_SUPPORTED, "pods of DaemonSet "
                            + owner.getName() + " do not run on the virtual node (it is not a machine): keep the"
                            + " DaemonSet off it (it tolerates the virtual-kubelet.io/provider taint or selects"
                            + " type=virtual-kubelet), or run the agent as a sidecar container");
                }
            }
        }
        return Outcome.decided(pod);
    }

    private static Outcome<PodParts> refuseHostNamespaces(PodParts pod) {
        PodSpec spec = pod.spec();
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            return Outcome.refused(RejectionReason.HOST_NETWORK_NOT_SUPPORTED, "hostNetwork: true is not supported"
                    + " on the virtual node (each pod gets its own ENI): remove hostNetwork and expose the ports as"
                    + " containerPorts");
        }
        if (Boolean.TRUE.equals(spec.getHostPID()) || Boolean.TRUE.equals(spec.getHostIPC())) {
            return Outcome.refused(RejectionReason.HOST_NAMESPACE_NOT_SUPPORTED, "hostPID/hostIPC are not supported"
                    + " on the virtual node (the pod runs in its own sandbox): remove them, or use"
                    + " shareProcessNamespace between the pod's containers");
        }
        return Outcome.decided(pod);
    }

    /** At least one container; at most MAX_CONTAINERS containers and init containers, and MAX_VOLUMES volumes. */
    private static Outcome<PodParts> refuseContainerAndVolumeCounts(PodParts pod) {
        int containerCount = pod.containers().size();
        int initCount = pod.initContainers().size();
        if (containerCount == 0) {
            return Outcome.refused(RejectionReason.INVALID_POD, "the pod has no containers");
        }
        if (containerCount > MAX_CONTAINERS || initCount > MAX_CONTAINERS) {
            return Outcome.refused(RejectionReason.TOO_MANY_CONTAINERS, "the pod has " + containerCount
                    + " containers and " + initCount + " init containers; an instance takes at most "
                    + MAX_CONTAINERS + " of each: merge containers or split the pod");
        }
        if (pod.volumes().size() > MAX_VOLUMES) {
            return Outcome.refused(RejectionReason.TOO_MANY_VOLUMES, "the pod has " + pod.volumes().size()
                    + " volumes; an instance takes at most " + MAX_VOLUMES + ": merge ConfigMap/Secret volumes into"
                    + " a projected volume");
        }
        return Outcome.decided(pod);
    }

    private static Outcome<PodParts> refuseHostPaths(PodParts pod) {
        for (Volume v : pod.volumes()) {
            if (v.getHostPath() != null) {
                return Outcome.refused(RejectionReason.HOST_PATH_NOT_SUPPORTED, "volume " + v.getName()
                        + " is a hostPath (" + v.getHostPath().getPath() + "); the virtual node has no host disk: use"
                        + " an emptyDir, a ConfigMap/Secret or an NFS volume");
            }
        }
        return Outcome.decided(pod);
    }

    /** Containers, then init containers: none privileged, each with an image. */
    private static Outcome<PodParts> refuseUnrunnableContainers(PodParts pod) {
        return refuseUnrunnable(pod, pod.containers(), "container")
                .then(p -> refuseUnrunnable(p, p.initContainers(), "init container"));
    }

    private static Outcome<PodParts> refuseUnrunnable(PodParts pod, List<Container> containers, String kind) {
        for (Container c : containers) {
            if (c.getSecurityContext() != null && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged())) {
                return Outcome.refused(RejectionReason.PRIVILEGED_NOT_SUPPORTED, kind + " " + c.getName()
                        + " is privileged; privileged containers do not run on the virtual node: remove"
                        + " securityContext.privileged and add only the capabilities it needs"
                        + " (securityContext.capabilities.add)");
            }
            if (Strings.isBlank(c.getImage())) {
                return Outcome.refused(RejectionReason.MISSING_IMAGE, kind + " " + c.getName() + " has no image:"
                        + " set spec.containers[].image");
            }
        }
        return Outcome.decided(pod);
    }

    /** Cloud-level overrides the namespace's policy does not allow ({@link OverridePolicy}). */
    private static Outcome<PodParts> refuseDisallowedOverrides(PodParts pod, Map<String, String> nsLabels,
                                                               TranslationContext ctx) {
        return ctx.overrides().check(pod.annotations(), nsLabels, pod.namespace())
                .<Outcome<PodParts>>map(Outcome.Refused::new)
                .orElseGet(() -> Outcome.decided(pod));
    }

    /**
     * The effect of the first eci-profile selector that matches the pod: its annotations and labels are
     * added to the pod before it is translated (node-agent's webhook adds them to the pod object too; here
     * they work also for pods admitted before the webhook or the selector existed). A key the pod sets
     * itself keeps the pod's value. The override policy was checked on the pod's own annotations only,
     * since the effect is the administrator's.
     */
    private static Outcome<PodParts> withProfileEffect(PodParts parts, Map<String, String> nsLabels,
                                                       TranslationContext ctx, List<String> notes) {
        var selector = ctx.profile().selectorFor(nsLabels, parts.labels());
        if (selector.isEmpty()
                || (selector.get().effectAnnotations().isEmpty() && selector.get().effectLabels().isEmpty())) {
            return Outcome.decided(parts);
        }
        ProfileSelector s = selector.get();
        Map<String, String> annotations = new LinkedHashMap<>(s.effectAnnotations());
        annotations.putAll(parts.annotations());
        Map<String, String> labels = new LinkedHashMap<>(s.effectLabels());
        labels.putAll(parts.labels());
        if (annotations.equals(parts.annotations()) && labels.equals(parts.labels())) {
            return Outcome.decided(parts);
        }
        notes.add("eci-profile selector " + s.name() + " applied its effect");
        Pod pod = new PodBuilder(parts.pod()).editMetadata().withAnnotations(annotations).withLabels(labels)
                .endMetadata().build();
        return PodParts.of(pod);
    }

    // ---- the parts of the request ----

    private Outcome<PodTranslator> decideCompute(Map<String, String> nsLabels) {
        return Compute.of(pod.labels(), nsLabels, pod.spec().getNodeSelector(), notes).map(decided -> {
            compute = decided;
            return this;
        });
    }

    /** The pod's vSwitch annotation (for ACS its own one first), else the eci-profile's vSwitches of the node's zone. */
    private Outcome<PodTranslator> chooseVSwitches() {
        String key = compute.acs() && pod.annotations().containsKey(ACS_VSWITCH_IDS) ? ACS_VSWITCH_IDS : Keys.ECI_VSWITCH;
        String listed = pod.annotations().get(key);
        if (listed == null) {
            return profileVSwitchesOfTheNodesZone();
        }
        List<String> ids = Strings.splitComma(listed);
        if (ids.isEmpty() || ids.size() > MAX_VSWITCHES) {
            return Outcome.refused(RejectionReason.INVALID_POD, "annotation " + key + " '" + listed
                    + "' must list 1 to " + MAX_VSWITCHES + " vSwitch ids separated by commas");
        }
        vSwitchIds = ids;
        return Outcome.decided(this);
    }

    /**
     * The profile's vSwitches in the zone of the virtual node, so the instance runs where the node (and
     * the pod's topology labels) say. All of them when the node's zone or every vSwitch's zone is
     * unknown (no zone configured), or when none is known to be in the node's zone but some zone is
     * unknown (with a note). Refused when every vSwitch is known to be in another zone.
     */
    private Outcome<PodTranslator> profileVSwitchesOfTheNodesZone() {
        List<String> all = ctx.profile().vSwitchIds();
        Map<String, String> zones = ctx.profile().vSwitchZones();
        String zone = ctx.virtualNodeZone();
        vSwitchIds = all;
        if (zone == null || all.isEmpty() || zones.isEmpty()) {
            return Outcome.decided(this);
        }
        List<String> inZone = all.stream().filter(id -> zone.equals(zones.get(id))).toList();
        if (!inZone.isEmpty()) {
            vSwitchIds = inZone;
            return Outcome.decided(this);
        }
        List<String> unknown = all.stream().filter(id -> !zones.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            notes.add("no vSwitch of the eci-profile is known to be in zone " + zone + " of " + ctx.virtualNode()
                    + "; all are offered, since the zone of " + String.join(", ", unknown) + " is unknown");
            return Outcome.decided(this);
        }
        List<String> described = all.stream().map(id -> id + " (" + zones.get(id) + ")").toList();
        return Outcome.refused(RejectionReason.INVALID_POD, "the pod is on virtual node " + ctx.virtualNode()
                + " in zone " + zone + ", but no vSwitch of the eci-profile is in that zone; configured: "
                + String.join(", ", described) + ". Add a vSwitch of " + zone + " to the eci-profile's vSwitchIds"
                + " (and its zone to vSwitchZones / vnode.profile.v-switch-zones), or set k8s.aliyun.com/eci-vswitch"
                + " on the pod");
    }

    /** The first group of the pod's security group annotation (for ACS its own one first), else the eci-profile's. */
    private Outcome<PodTranslator> chooseSecurityGroup() {
        String key = compute.acs() && pod.annotations().containsKey(ACS_SECURITY_GROUP_IDS)
                ? ACS_SECURITY_GROUP_IDS : Keys.ECI_SECURITY_GROUP;
        String listed = pod.annotations().get(key);
        if (listed == null) {
            securityGroupId = ctx.profile().securityGroupId();
            return Outcome.decided(this);
        }
        List<String> ids = Strings.splitComma(listed);
        if (ids.isEmpty() || ids.size() > MAX_SECURITY_GROUPS) {
            return Outcome.refused(RejectionReason.INVALID_POD, "annotation " + key + " '" + listed
                    + "' must list 1 to " + MAX_SECURITY_GROUPS + " security group ids separated by commas");
        }
        if (ids.size() > 1) {
            notes.add(key + " lists " + ids.size() + " security groups; the instance joins the first, " + ids.get(0));
        }
        securityGroupId = ids.get(0);
        return Outcome.decided(this);
    }

    private Outcome<PodTranslator> tag() {
        return Outcome.catching(() -> CloudParameters.customTags(pod.annotations().get(CloudParameters.ECI_CUSTOM_TAGS)))
                .then(this::tagWith);
    }

    /**
     * The pod's uid, namespace and name and the virtual node, then the pod's custom tags. The executor
     * adds the cluster tag on every create and the token lifetime tag to an instance with service-account
     * tokens, so two of the cloud's {@value #MAX_TAGS} tags are kept for them.
     */
    private Outcome<PodTranslator> tagWith(Map<String, String> customTags) {
        Map<String, String> all = new LinkedHashMap<>(8 + customTags.size());
        all.put(Keys.TAG_POD_UID, pod.meta().getUid());
        all.put(Keys.TAG_POD_NAMESPACE, pod.namespace());
        all.put(Keys.TAG_POD_NAME, truncate(pod.meta().getName(), 128));
        if (!Strings.isBlank(ctx.virtualNode())) {
            all.put(Keys.TAG_VIRTUAL_NODE, truncate(ctx.virtualNode(), 128));
        }
        all.putAll(customTags);
        if (all.size() + EXECUTOR_TAGS > MAX_TAGS) {
            return Outcome.refused(RejectionReason.INVALID_POD, "the instance would carry " + (all.size() + EXECUTOR_TAGS)
                    + " tags, at most " + MAX_TAGS + ": remove some " + CloudParameters.ECI_CUSTOM_TAGS);
        }
        tags = all;
        return Outcome.decided(this);
    }

    private Outcome<PodTranslator> addCloudParameters() {
        return Outcome.catching(() -> {
            Map<String, String> parameters = CloudParameters.of(pod.annotations(), pod.labels());
            extraParameters = parameters.isEmpty() ? null : parameters;
            return this;
        });
    }

    /** The candidate specs and each container's share, by the rules of ACS or of ECI. */
    private Outcome<PodTranslator> size() {
        return Outcome.catching(() -> {
            sizing = compute.acs()
                    ? SpecRounding.acs(pod.containers(), pod.initContainers(), pod.annotations(), ctx, notes)
                    : SpecRounding.eci(pod.containers(), pod.initContainers(), pod.annotations(), ctx, notes);
            return this;
        });
    }

    /** Containers take their share of the sizing; init containers what they declare. */
    private Outcome<PodTranslator> mapContainers() {
        return Outcome.catching(() -> {
            List<Container> declared = pod.containers();
            containers = new ArrayList<>(declared.size());
            for (int i = 0; i < declared.size(); i++) {
                containers.add(mapping.container(declared.get(i), false, sizing.containerCpu()[i],
                        sizing.containerMemoryGiB()[i], sizing.containerGpu()[i]));
            }
            initContainers = pod.initContainers().isEmpty() ? null : initContainerSpecs();
            return this;
        });
    }

    private List<ContainerSpec> initContainerSpecs() {
        List<ContainerSpec> specs = new ArrayList<>(pod.initContainers().size());
        for (Container c : pod.initContainers()) {
            SpecRounding.Resources declared = SpecRounding.resources(c);
            specs.add(mapping.container(c, true,
                    Double.isNaN(declared.cpu()) ? null : SpecRounding.round3(declared.cpu()),
                    Double.isNaN(declared.memoryGiB()) ? null : SpecRounding.round3(declared.memoryGiB()),
                    declared.gpu() > 0 ? declared.gpu() : null));
        }
        return specs;
    }

    private Outcome<PodTranslator> mapVolumes() {
        return Outcome.catching(() -> {
            if (!pod.volumes().isEmpty()) {
                volumes = new ArrayList<>(pod.volumes().size());
                for (Volume v : pod.volumes()) {
                    volumes.add(mapping.volume(v));
                }
            }
            return this;
        });
    }

    private InstanceRequest assemble() {
        PodSpec spec = pod.spec();
        PodDns dns = PodDns.of(spec, pod.namespace(), ctx, notes);
        return new InstanceRequest(
                compute.type(),
                ctx.regionId(),
                ClientTokens.containerGroupName(pod.namespace(), pod.meta().getName()),
                ClientTokens.clientToken(pod.meta().getUid()),
                sizing.specs(),
                vSwitchIds.isEmpty() ? null : vSwitchIds,
                securityGroupId,
                ctx.profile().resourceGroupId(),
                null,
                compute.computeClass(),
                compute.qos(),
                compute.gpuModelSeries(),
                sizing.ephemeralStorageGiB(),
                spec.getRestartPolicy() == null ? "Always" : spec.getRestartPolicy(),
                spec.getActiveDeadlineSeconds(),
                spec.getTerminationGracePeriodSeconds(),
                dns.policy(),
                dns.config(),
                hostAliases(spec),
                Strings.isBlank(spec.getHostname()) ? hostNameOf(pod.meta().getName()) : spec.getHostname(),
                containers,
                initContainers,
                volumes,
                imagePullSecrets(),
                tags,
                extraParameters);
    }

    /** References to the named pull secrets; null when the pod lists none. */
    private List<ObjectRef> imagePullSecrets() {
        List<LocalObjectReference> listed = pod.spec().getImagePullSecrets();
        if (listed == null || listed.isEmpty()) {
            return null;
        }
        List<ObjectRef> refs = new ArrayList<>(listed.size());
        for (LocalObjectReference ref : listed) {
            if (!Strings.isBlank(ref.getName())) {
                refs.add(new ObjectRef(RefKind.SECRET, pod.namespace(), ref.getName(), false));
            }
        }
        return refs;
    }

    private static List<HostAlias> hostAliases(PodSpec spec) {
        if (spec.getHostAliases() == null || spec.getHostAliases().isEmpty()) {
            return null;
        }
        List<HostAlias> aliases = new ArrayList<>();
        for (var alias : spec.getHostAliases()) {
            aliases.add(new HostAlias(alias.getIp(), alias.getHostnames()));
        }
        return aliases;
    }

    /** The pod name as a hostname (a DNS label: at most 63 characters, no dots), as the kubelet does. */
    static String hostNameOf(String podName) {
        String h = podName.length() > 63 ? podName.substring(0, 63) : podName;
        int dot = h.indexOf('.');
        if (dot > 0) {
            h = h.substring(0, dot);
        }
        while (h.endsWith("-")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.isEmpty() ? null : h;
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
