package io.vnode.agent.domain;

import io.vnode.contracts.Keys;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Name and labels of the virtual node of one zone, as the product documents show them:
 * {@code virtual-kubelet-<region>-<zone>} with {@code type: virtual-kubelet}, role agent,
 * topology labels (the CSI disk plugin's zone too) and the load-balancer exclusion. A GPU-HPN capacity
 * reservation is a node of its own, {@code virtual-kubelet-<zone>-rsv-<reservation id>}, labelled
 * {@code alibabacloud.com/node-type: reserved}.
 *
 * @param reservation the capacity reservation this node stands for; null for the zone's ordinary virtual node
 */
public record VirtualNodeIdentity(String regionId, String zoneId, String arch, String os, String reservation) {

    /** Between the zone and the reservation id in a reserved node's name. */
    public static final String RESERVATION_MARK = "-rsv-";
    public static final String NODE_TYPE_RESERVED = "reserved";
    public static final String LABEL_RESERVATION = Keys.OWN_PREFIX + "capacity-reservation";

    public VirtualNodeIdentity {
        if (regionId == null || regionId.isBlank() || zoneId == null || zoneId.isBlank()) {
            throw new IllegalArgumentException("a virtual node needs a region and a zone");
        }
        arch = arch == null ? "amd64" : arch;
        os = os == null ? "linux" : os;
        reservation = reservation == null || reservation.isBlank() ? null : reservation.trim();
        String name = name(regionId, zoneId, reservation);
        if (name.length() > 63 || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("virtual node name " + name + " is not a valid hostname label (at most 63 lowercase"
                    + " letters, digits and '-'): check the zone and the reservation id");
        }
    }

    public VirtualNodeIdentity(String regionId, String zoneId, String arch, String os) {
        this(regionId, zoneId, arch, os, null);
    }

    /** {@code virtual-kubelet-cn-hangzhou-k} for zone {@code cn-hangzhou-k}; a zone id already carries its region. */
    public String nodeName() {
        return name(regionId, zoneId, reservation);
    }

    public boolean reserved() {
        return reservation != null;
    }

    private static String name(String regionId, String zoneId, String reservation) {
        String zoneNode = zoneId.startsWith(regionId + "-") ? "virtual-kubelet-" + zoneId : "virtual-kubelet-" + regionId + "-" + zoneId;
        return reservation == null ? zoneNode : zoneNode + RESERVATION_MARK + reservation;
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
        labels.put(Keys.TOPOLOGY_CSI_ZONE, zoneId);
        labels.put(Keys.NODE_LABEL_EXCLUDE, "true");
        if (reservation != null) {
            labels.put(Keys.LABEL_NODE_TYPE, NODE_TYPE_RESERVED);
            labels.put(LABEL_RESERVATION, reservation);
        }
        return labels;
    }
}
