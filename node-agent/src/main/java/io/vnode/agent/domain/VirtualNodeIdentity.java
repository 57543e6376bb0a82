package io.vnode.agent.domain;

import io.vnode.contracts.Keys;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Name and labels of the virtual node of one zone, as the product documents show them:
 * {@code virtual-kubelet-<region>-<zone>} with {@code type: virtual-kubelet}, role agent,
 * topology labels and the load-balancer exclusion.
 */
public record VirtualNodeIdentity(String regionId, String zoneId, String arch, String os) {

    public VirtualNodeIdentity {
        if (regionId == null || regionId.isBlank() || zoneId == null || zoneId.isBlank()) {
            throw new IllegalArgumentException("a virtual node needs a region and a zone");
        }
        arch = arch == null ? "amd64" : arch;
        os = os == null ? "linux" : os;
    }

    /** {@code virtual-kubelet-cn-hangzhou-k} for zone {@code cn-hangzhou-k}; a zone id already carries its region. */
    public String nodeName() {
        return zoneId.startsWith(regionId + "-") ? "virtual-kubelet-" + zoneId : "virtual-kubelet-" + regionId + "-" + zoneId;
    }

    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Keys.NODE_LABEL_TYPE, Keys.NODE_TYPE_VIRTUAL_KUBELET);
        labels.put(Keys.NODE_LABEL_ROLE, "agent");
        labels.put(Keys.NODE_LABEL_ARCH, arch);
        labels.put(Keys.NODE_LABEL_OS, os);
        labels.put(Keys.NODE_LABEL_HOSTNAME, nodeName());
        labels.put(Keys.TOPOLOGY_REGION, regionId);
        labels.put(Keys.TOPOLOGY_ZONE, zoneId);
        labels.put(Keys.NODE_LABEL_EXCLUDE, "true");
        return labels;
    }
}
