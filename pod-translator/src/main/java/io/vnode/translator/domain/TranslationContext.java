package io.vnode.translator.domain;

import java.util.Objects;

/**
 * What the translator knows besides the pod: the region's configuration and the eci-profile.
 * Immutable; {@link #forVirtualNode(String)} makes the per-event copy.
 *
 * @param regionId the region instances are created in (e.g. cn-hangzhou)
 * @param virtualNode the virtual node the pod is bound to, tagged on every instance
 * @param profile default vSwitches, security group and resource group
 * @param eciSpecs the region's ECI vCPU-memory table
 * @param acsSpecs the ACS fine-grained table
 * @param defaultCpu vCPU when no container declares any resource (2)
 * @param defaultMemoryGiB memory when no container declares any resource (4)
 * @param memoryGiBPerCpu memory per vCPU when only vCPU is declared (2, the default's ratio)
 * @param clusterDnsIp the cluster DNS service IP for ClusterFirst pods; null: ClusterFirst becomes Default
 * @param clusterDomain the cluster domain (cluster.local)
 * @param overrides the cloud-level overrides pods may set where their namespace has no policy label
 */
public record TranslationContext(
        String regionId,
        String virtualNode,
        EciProfile profile,
        SpecTable eciSpecs,
        SpecTable acsSpecs,
        double defaultCpu,
        double defaultMemoryGiB,
        double memoryGiBPerCpu,
        String clusterDnsIp,
        String clusterDomain,
        OverridePolicy overrides,
        ApiServer apiServer) {

    /**
     * Where the instances reach the API server: {@code KUBERNETES_SERVICE_HOST} and {@code _PORT} in every
     * container, as a kubelet injects them (the service-account token is only of use with them).
     */
    public record ApiServer(String host, String port) {
        public static ApiServer of(String host, String port) {
            return Strings.isBlank(host) ? null : new ApiServer(host.trim(), Strings.isBlank(port) ? "443" : port.trim());
        }
    }

    public TranslationContext {
        overrides = overrides == null ? OverridePolicy.all() : overrides;
        Objects.requireNonNull(regionId, "regionId");
        profile = profile == null ? EciProfile.empty() : profile;
        eciSpecs = eciSpecs == null ? SpecTable.eciDefault() : eciSpecs;
        acsSpecs = acsSpecs == null ? SpecTable.acsDefault() : acsSpecs;
        clusterDnsIp = Strings.isBlank(clusterDnsIp) ? null : clusterDnsIp.trim();
        clusterDomain = Strings.isBlank(clusterDomain) ? "cluster.local" : clusterDomain.trim();
        if (defaultCpu <= 0 || defaultMemoryGiB <= 0 || memoryGiBPerCpu <= 0) {
            throw new IllegalArgumentException("default cpu, memory and memory per cpu must be positive");
        }
    }

    /** The defaults of the documents: 2 vCPU / 4 GiB, 2 GiB per vCPU, the built-in tables. */
    public static TranslationContext of(String regionId, String virtualNode, EciProfile profile) {
        return new TranslationContext(regionId, virtualNode, profile, null, null, 2, 4, 2, null, null, null, null);
    }

    /** The prefix of every virtual node's name: {@code virtual-kubelet-<zone id>}, e.g. virtual-kubelet-cn-hangzhou-k. */
    public static final String VIRTUAL_NODE_PREFIX = "virtual-kubelet-";

    /**
     * The zone of the virtual node from its name {@code virtual-kubelet-<region>-<zone>[-rsv-<reservation>]} (node-agent
     * names it so, with the zone id cn-hangzhou-k giving virtual-kubelet-cn-hangzhou-k); null when the
     * name does not follow that form in this region.
     */
    public String virtualNodeZone() {
        if (virtualNode == null || !virtualNode.startsWith(VIRTUAL_NODE_PREFIX + regionId + "-")
                || virtualNode.length() == VIRTUAL_NODE_PREFIX.length() + regionId.length() + 1) {
            return null;
        }
        String zone = virtualNode.substring(VIRTUAL_NODE_PREFIX.length());
        int reserved = zone.indexOf(RESERVATION_MARK);
        return reserved > 0 ? zone.substring(0, reserved) : zone;
    }

    /** A capacity reservation's node is {@code virtual-kubelet-<zone>-rsv-<reservation id>}: its zone is the part before. */
    public static final String RESERVATION_MARK = "-rsv-";

    public TranslationContext forVirtualNode(String node) {
        return Objects.equals(node, virtualNode) ? this : new TranslationContext(regionId, node, profile,
                eciSpecs, acsSpecs, defaultCpu, defaultMemoryGiB, memoryGiBPerCpu, clusterDnsIp, clusterDomain, overrides, apiServer);
    }

    public TranslationContext withProfile(EciProfile p) {
        return new TranslationContext(regionId, virtualNode, p, eciSpecs, acsSpecs, defaultCpu,
                defaultMemoryGiB, memoryGiBPerCpu, clusterDnsIp, clusterDomain, overrides, apiServer);
    }

    public TranslationContext withClusterDns(String ip, String domain) {
        return new TranslationContext(regionId, virtualNode, profile, eciSpecs, acsSpecs, defaultCpu,
                defaultMemoryGiB, memoryGiBPerCpu, ip, domain, overrides, apiServer);
    }

    public TranslationContext withMemoryGiBPerCpu(double ratio) {
        return new TranslationContext(regionId, virtualNode, profile, eciSpecs, acsSpecs, defaultCpu,
                defaultMemoryGiB, ratio, clusterDnsIp, clusterDomain, overrides, apiServer);
    }

    public TranslationContext withOverrides(OverridePolicy policy) {
        return new TranslationContext(regionId, virtualNode, profile, eciSpecs, acsSpecs, defaultCpu,
                defaultMemoryGiB, memoryGiBPerCpu, clusterDnsIp, clusterDomain, policy, apiServer);
    }

    public TranslationContext withApiServer(ApiServer a) {
        return new TranslationContext(regionId, virtualNode, profile, eciSpecs, acsSpecs, defaultCpu,
                defaultMemoryGiB, memoryGiBPerCpu, clusterDnsIp, clusterDomain, overrides, a);
    }

    public TranslationContext withEciSpecs(SpecTable table) {
        return new TranslationContext(regionId, virtualNode, profile, table, acsSpecs, defaultCpu,
                defaultMemoryGiB, memoryGiBPerCpu, clusterDnsIp, clusterDomain, overrides, apiServer);
    }
}
