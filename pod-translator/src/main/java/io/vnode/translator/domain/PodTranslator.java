package io.vnode.translator.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.ContainerSpec;
import io.vnode.contracts.instance.DnsConfig;
import io.vnode.contracts.instance.DnsOption;
import io.vnode.contracts.instance.HostAlias;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
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
 * executor's idempotency relies on it). Thread-safe and stateless.
 */
public final class PodTranslator {

    public static final int MAX_CONTAINERS = 20;
    public static final int MAX_VOLUMES = 20;
    public static final int MAX_VSWITCHES = 10;
    public static final int MAX_SECURITY_GROUPS = 5;
    public static final int MAX_TAGS = 20;

    public static final String ACS_VSWITCH_IDS = "network.alibabacloud.com/vswitch-ids";
    public static final String ACS_SECURITY_GROUP_IDS = "network.alibabacloud.com/security-group-ids";
    public static final Set<String> ACS_COMPUTE_CLASSES = Set.of("general-purpose", "performance", "gpu", "gpu-hpn");
    public static final Set<String> ACS_QOS = Set.of("default", "best-effort");

    private PodTranslator() {
    }

    public static Translation translate(Pod pod, Map<String, String> namespaceLabels, TranslationContext ctx) {
        List<String> notes = new ArrayList<>(2);
        try {
            InstanceRequest request = build(pod, namespaceLabels == null ? Map.of() : namespaceLabels, ctx, notes);
            return new Translation.Accepted(request, request.specs().get(0).name(), notes);
        } catch (Reject r) {
            return new Translation.Rejected(r.reason(), r.getMessage());
        }
    }

    private static InstanceRequest build(Pod pod, Map<String, String> nsLabels, TranslationContext ctx, List<String> notes) {
        ObjectMeta meta = pod.getMetadata();
        PodSpec spec = pod.getSpec();
        if (meta == null || spec == null || Strings.isBlank(meta.getUid()) || Strings.isBlank(meta.getName())) {
            throw new Reject(RejectionReason.INVALID_POD, "the pod has no metadata.uid/name or no spec");
        }
        String ns = Strings.isBlank(meta.getNamespace()) ? "default" : meta.getNamespace();
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        List<Container> containers = spec.getContainers() == null ? List.of() : spec.getContainers();
        List<Container> inits = spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
        List<Volume> volumes = spec.getVolumes() == null ? List.of() : spec.getVolumes();

        refuseUnsupported(meta, spec, containers, inits, volumes);

        // ---- compute type, class, QoS ----
        boolean acs = isAcs(labels, nsLabels);
        String computeClass = null;
        String computeQos = null;
        String gpuModelSeries = null;
        if (acs) {
            computeClass = labels.getOrDefault(Keys.LABEL_COMPUTE_CLASS, "general-purpose");
            if (!ACS_COMPUTE_CLASSES.contains(computeClass)) {
                throw new Reject(RejectionReason.INVALID_POD, "label " + Keys.LABEL_COMPUTE_CLASS + " '" + computeClass
                        + "' is not an ACS compute class: use general-purpose, performance, gpu or gpu-hpn");
            }
            computeQos = labels.getOrDefault(Keys.LABEL_COMPUTE_QOS, "default");
            if (!ACS_QOS.contains(computeQos)) {
                throw new Reject(RejectionReason.INVALID_POD, "label " + Keys.LABEL_COMPUTE_QOS + " '" + computeQos
                        + "' is not an ACS QoS class: use default or best-effort");
            }
            if ("gpu-hpn".equals(computeClass)) {
                if (!"default".equals(computeQos)) {
                    throw new Reject(RejectionReason.INVALID_POD, "compute class gpu-hpn supports only the QoS class"
                            + " default: set " + Keys.LABEL_COMPUTE_QOS + ": default");
                }
                Map<String, String> selector = spec.getNodeSelector();
                if (selector == null || !"reserved".equals(selector.get(Keys.LABEL_NODE_TYPE))) {
                    throw new Reject(RejectionReason.GPU_HPN_REQUIRES_RESERVED_NODES, "gpu-hpn pods run only on a"
                            + " GPU-HPN capacity reservation: add the nodeSelector " + Keys.LABEL_NODE_TYPE
                            + ": reserved (and associate the reservation with the cluster)");
                }
            }
            if (computeClass.startsWith("gpu")) {
                gpuModelSeries = labels.get(Keys.LABEL_GPU_MODEL_SERIES);
            } else if (labels.containsKey(Keys.LABEL_GPU_MODEL_SERIES)) {
                notes.add(Keys.LABEL_GPU_MODEL_SERIES + " is ignored for compute class " + computeClass);
            }
        }

        // ---- network placement ----
        List<String> vSwitches = vSwitches(acs, annotations, ctx);
        String securityGroup = securityGroup(acs, annotations, ctx, notes);

        // ---- tags, parameters ----
        Map<String, String> tags = tags(meta, ns, ctx, annotations);
        Map<String, String> extra = CloudParameters.of(annotations, labels, notes);

        // ---- size ----
        SpecRounding.Sizing sizing = acs
                ? SpecRounding.acs(containers, inits, annotations, ctx, notes)
                : SpecRounding.eci(containers, inits, annotations, ctx, notes);

        // ---- containers, volumes ----
        ContainerMapping cm = new ContainerMapping(pod, ns, ctx, notes);
        List<ContainerSpec> containerSpecs = new ArrayList<>(containers.size());
        for (int i = 0; i < containers.size(); i++) {
            containerSpecs.add(cm.container(containers.get(i), false,
                    sizing.containerCpu()[i], sizing.containerMemoryGiB()[i], sizing.containerGpu()[i]));
        }
        List<ContainerSpec> initSpecs = null;
        if (!inits.isEmpty()) {
            initSpecs = new ArrayList<>(inits.size());
            for (Container c : inits) {
                SpecRounding.Resources r = SpecRounding.resources(c);
                initSpecs.add(cm.container(c, true, Double.isNaN(r.cpu()) ? null : SpecRounding.round3(r.cpu()),
                        Double.isNaN(r.memoryGiB()) ? null : SpecRounding.round3(r.memoryGiB()),
                        r.gpu() > 0 ? r.gpu() : null));
            }
        }
        List<VolumeSpec> volumeSpecs = null;
        if (!volumes.isEmpty()) {
            volumeSpecs = new ArrayList<>(volumes.size());
            for (Volume v : volumes) {
                volumeSpecs.add(cm.volume(v));
            }
        }
        List<ObjectRef> pullSecrets = null;
        if (spec.getImagePullSecrets() != null && !spec.getImagePullSecrets().isEmpty()) {
            pullSecrets = new ArrayList<>(spec.getImagePullSecrets().size());
            for (var ref : spec.getImagePullSecrets()) {
                if (!Strings.isBlank(ref.getName())) {
                    pullSecrets.add(new ObjectRef(RefKind.SECRET, ns, ref.getName(), false));
                }
            }
        }

        // ---- DNS, hosts ----
        String dnsPolicy;
        DnsConfig dnsConfig;
        String policy = spec.getDnsPolicy() == null ? "ClusterFirst" : spec.getDnsPolicy();
        switch (policy) {
            case "None" -> {
                dnsPolicy = "None";
                dnsConfig = dnsConfig(spec.getDnsConfig(), List.of(), List.of(), List.of());
            }
            case "Default" -> {
                dnsPolicy = "Default";
                dnsConfig = dnsConfig(spec.getDnsConfig(), List.of(), List.of(), List.of());
            }
            default -> {
                if (ctx.clusterDnsIp() != null) {
                    String d = ctx.clusterDomain();
                    dnsPolicy = "None";
                    dnsConfig = dnsConfig(spec.getDnsConfig(), List.of(ctx.clusterDnsIp()),
                            List.of(ns + ".svc." + d, "svc." + d, d), List.of(new DnsOption("ndots", "5")));
                } else {
                    dnsPolicy = "Default";
                    dnsConfig = dnsConfig(spec.getDnsConfig(), List.of(), List.of(), List.of());
                    notes.add("dnsPolicy " + policy + " runs as Default (the VPC resolver): set"
                            + " vnode.translator.cluster-dns-ip to resolve cluster services");
                }
            }
        }
        List<HostAlias> hostAliases = null;
        if (spec.getHostAliases() != null && !spec.getHostAliases().isEmpty()) {
            hostAliases = new ArrayList<>();
            for (var h : spec.getHostAliases()) {
                hostAliases.add(new HostAlias(h.getIp(), h.getHostnames()));
            }
        }
        String hostName = !Strings.isBlank(spec.getHostname()) ? spec.getHostname() : hostNameOf(meta.getName());

        List<InstanceSpec> specs = sizing.specs();
        return new InstanceRequest(
                acs ? ComputeType.ACS : ComputeType.ECI,
                ctx.regionId(),
                ClientTokens.containerGroupName(ns, meta.getName()),
                ClientTokens.clientToken(meta.getUid()),
                specs,
                vSwitches.isEmpty() ? null : vSwitches,
                securityGroup,
                ctx.profile().resourceGroupId(),
                null,
                computeClass,
                computeQos,
                gpuModelSeries,
                sizing.ephemeralStorageGiB(),
                spec.getRestartPolicy() == null ? "Always" : spec.getRestartPolicy(),
                spec.getActiveDeadlineSeconds(),
                spec.getTerminationGracePeriodSeconds(),
                dnsPolicy,
                dnsConfig,
                hostAliases,
                hostName,
                containerSpecs,
                initSpecs,
                volumeSpecs,
                pullSecrets,
                tags,
                extra.isEmpty() ? null : extra);
    }

    private static void refuseUnsupported(ObjectMeta meta, PodSpec spec, List<Container> containers,
                                          List<Container> inits, List<Volume> volumes) {
        if (meta.getOwnerReferences() != null) {
            for (OwnerReference o : meta.getOwnerReferences()) {
                if ("DaemonSet".equals(o.getKind())) {
                    throw new Reject(RejectionReason.DAEMONSET_NOT_SUPPORTED, "pods of DaemonSet " + o.getName()
                            + " do not run on the virtual node (it is not a machine): keep the DaemonSet off it"
                            + " (it tolerates the virtual-kubelet.io/provider taint or selects type=virtual-kubelet),"
                            + " or run the agent as a sidecar container");
                }
            }
        }
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            throw new Reject(RejectionReason.HOST_NETWORK_NOT_SUPPORTED, "hostNetwork: true is not supported on the"
                    + " virtual node (each pod gets its own ENI): remove hostNetwork and expose the ports as"
                    + " containerPorts");
        }
        if (Boolean.TRUE.equals(spec.getHostPID()) || Boolean.TRUE.equals(spec.getHostIPC())) {
            throw new Reject(RejectionReason.HOST_NAMESPACE_NOT_SUPPORTED, "hostPID/hostIPC are not supported on the"
                    + " virtual node (the pod runs in its own sandbox): remove them, or use"
                    + " shareProcessNamespace between the pod's containers");
        }
        if (containers.isEmpty()) {
            throw new Reject(RejectionReason.INVALID_POD, "the pod has no containers");
        }
        if (containers.size() > MAX_CONTAINERS || inits.size() > MAX_CONTAINERS) {
            throw new Reject(RejectionReason.TOO_MANY_CONTAINERS, "the pod has " + containers.size()
                    + " containers and " + inits.size() + " init containers; an instance takes at most "
                    + MAX_CONTAINERS + " of each: merge containers or split the pod");
        }
        if (volumes.size() > MAX_VOLUMES) {
            throw new Reject(RejectionReason.TOO_MANY_VOLUMES, "the pod has " + volumes.size()
                    + " volumes; an instance takes at most " + MAX_VOLUMES + ": merge ConfigMap/Secret volumes into"
                    + " a projected volume");
        }
        for (Volume v : volumes) {
            if (v.getHostPath() != null) {
                throw new Reject(RejectionReason.HOST_PATH_NOT_SUPPORTED, "volume " + v.getName() + " is a hostPath ("
                        + v.getHostPath().getPath() + "); the virtual node has no host disk: use an emptyDir, a"
                        + " ConfigMap/Secret or an NFS volume");
            }
        }
        checkContainers(containers, "container");
        checkContainers(inits, "init container");
    }

    private static void checkContainers(List<Container> containers, String what) {
        for (Container c : containers) {
            if (c.getSecurityContext() != null && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged())) {
                throw new Reject(RejectionReason.PRIVILEGED_NOT_SUPPORTED, what + " " + c.getName() + " is privileged;"
                        + " privileged containers do not run on the virtual node: remove securityContext.privileged"
                        + " and add only the capabilities it needs (securityContext.capabilities.add)");
            }
            if (Strings.isBlank(c.getImage())) {
                throw new Reject(RejectionReason.MISSING_IMAGE, what + " " + c.getName() + " has no image: set"
                        + " spec.containers[].image");
            }
        }
    }

    /** ACS: pod label acs=true, or an ACS compute class (unless the pod says eci=true), or namespace label acs=true. */
    static boolean isAcs(Map<String, String> labels, Map<String, String> nsLabels) {
        if ("true".equals(labels.get(Keys.LABEL_ACS))) {
            return true;
        }
        if ("true".equals(labels.get(Keys.LABEL_ECI))) {
            return false;
        }
        if (labels.containsKey(Keys.LABEL_COMPUTE_CLASS)) {
            return true;
        }
        return "true".equals(nsLabels.get(Keys.LABEL_ACS)) && !"true".equals(nsLabels.get(Keys.LABEL_ECI));
    }

    private static List<String> vSwitches(boolean acs, Map<String, String> annotations, TranslationContext ctx) {
        String key = acs && annotations.containsKey(ACS_VSWITCH_IDS) ? ACS_VSWITCH_IDS : Keys.ECI_VSWITCH;
        String raw = annotations.get(key);
        if (raw == null) {
            return ctx.profile().vSwitchIds();
        }
        List<String> ids = Strings.splitComma(raw);
        if (ids.isEmpty() || ids.size() > MAX_VSWITCHES) {
            throw new Reject(RejectionReason.INVALID_POD, "annotation " + key + " '" + raw + "' must list 1 to "
                    + MAX_VSWITCHES + " vSwitch ids separated by commas");
        }
        return ids;
    }

    private static String securityGroup(boolean acs, Map<String, String> annotations, TranslationContext ctx,
                                        List<String> notes) {
        String key = acs && annotations.containsKey(ACS_SECURITY_GROUP_IDS) ? ACS_SECURITY_GROUP_IDS : Keys.ECI_SECURITY_GROUP;
        String raw = annotations.get(key);
        if (raw == null) {
            return ctx.profile().securityGroupId();
        }
        List<String> ids = Strings.splitComma(raw);
        if (ids.isEmpty() || ids.size() > MAX_SECURITY_GROUPS) {
            throw new Reject(RejectionReason.INVALID_POD, "annotation " + key + " '" + raw + "' must list 1 to "
                    + MAX_SECURITY_GROUPS + " security group ids separated by commas");
        }
        if (ids.size() > 1) {
            notes.add(key + " lists " + ids.size() + " security groups; the instance joins the first, " + ids.get(0));
        }
        return ids.get(0);
    }

    private static Map<String, String> tags(ObjectMeta meta, String ns, TranslationContext ctx, Map<String, String> annotations) {
        Map<String, String> custom = CloudParameters.customTags(annotations.get(CloudParameters.ECI_CUSTOM_TAGS));
        Map<String, String> tags = new LinkedHashMap<>(8 + custom.size());
        tags.put(Keys.TAG_POD_UID, meta.getUid());
        tags.put(Keys.TAG_POD_NAMESPACE, ns);
        tags.put(Keys.TAG_POD_NAME, truncate(meta.getName(), 128));
        if (!Strings.isBlank(ctx.virtualNode())) {
            tags.put(Keys.TAG_VIRTUAL_NODE, truncate(ctx.virtualNode(), 128));
        }
        if (!Strings.isBlank(ctx.clusterId())) {
            tags.put(Keys.TAG_CLUSTER_ID, truncate(ctx.clusterId(), 128));
        }
        tags.putAll(custom);
        if (tags.size() > MAX_TAGS) {
            throw new Reject(RejectionReason.INVALID_POD, "the instance would carry " + tags.size() + " tags, at most "
                    + MAX_TAGS + ": remove some " + CloudParameters.ECI_CUSTOM_TAGS);
        }
        return tags;
    }

    private static DnsConfig dnsConfig(PodDNSConfig pod, List<String> servers, List<String> searches, List<DnsOption> options) {
        List<String> ns = new ArrayList<>(servers);
        List<String> se = new ArrayList<>(searches);
        Map<String, DnsOption> opts = new LinkedHashMap<>();
        options.forEach(o -> opts.put(o.name(), o));
        if (pod != null) {
            if (pod.getNameservers() != null) {
                pod.getNameservers().stream().filter(s -> !ns.contains(s)).forEach(ns::add);
            }
            if (pod.getSearches() != null) {
                pod.getSearches().stream().filter(s -> !se.contains(s)).forEach(se::add);
            }
            if (pod.getOptions() != null) {
                for (PodDNSConfigOption o : pod.getOptions()) {
                    opts.put(o.getName(), new DnsOption(o.getName(), o.getValue()));
                }
            }
        }
        if (ns.isEmpty() && se.isEmpty() && opts.isEmpty()) {
            return null;
        }
        return new DnsConfig(ns.isEmpty() ? null : ns, se.isEmpty() ? null : se,
                opts.isEmpty() ? null : new ArrayList<>(opts.values()));
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
