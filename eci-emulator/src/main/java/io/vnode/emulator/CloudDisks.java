package io.vnode.emulator;

import io.vnode.emulator.domain.CloudDisk;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The region's cloud disks, made through the admin, and the instance each was last attached to (which may be
 * gone since: the caller asks the store). Thread-safe; attaching is serialized by the caller's create lock.
 */
final class CloudDisks {

    private final Set<String> zones;
    private final ConcurrentHashMap<String, CloudDisk> disks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> attachedTo = new ConcurrentHashMap<>();

    /** {@code zones}: where a disk may live. */
    CloudDisks(Collection<String> zones) {
        this.zones = new TreeSet<>(zones);
    }

    /** Makes the disk; the same disk again is a no-op, another zone or size for an existing id is refused. */
    void create(String diskId, String zoneId, int sizeGiB) {
        if (diskId == null || diskId.isBlank()) {
            throw new IllegalArgumentException("a disk id is required");
        }
        if (!zones.contains(zoneId)) {
            throw new IllegalArgumentException("zone " + zoneId + " is not one of " + zones);
        }
        if (sizeGiB < 1) {
            throw new IllegalArgumentException("a disk has at least 1 GiB, not " + sizeGiB);
        }
        CloudDisk disk = new CloudDisk(diskId, zoneId, sizeGiB);
        CloudDisk earlier = disks.putIfAbsent(diskId, disk);
        if (earlier != null && !earlier.equals(disk)) {
            throw new IllegalArgumentException("disk " + diskId + " exists in " + earlier.zoneId() + " with "
                    + earlier.sizeGiB() + " GiB");
        }
    }

    /** The disk, or null. */
    CloudDisk get(String diskId) {
        return disks.get(diskId);
    }

    /** The instance the disk was last attached to, or null; that instance may be gone. */
    String lastHolder(String diskId) {
        return attachedTo.get(diskId);
    }

    void attach(List<String> diskIds, String instanceId) {
        diskIds.forEach(d -> attachedTo.put(d, instanceId));
    }

    /** Forgets every disk and attachment. */
    void reset() {
        disks.clear();
        attachedTo.clear();
    }
}
