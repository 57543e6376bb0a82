package io.vnode.emulator.domain;

import io.vnode.emulator.protocol.ApiException;
import java.util.List;
import java.util.function.Function;

/**
 * The cloud's rules for a request's DiskVolumes: each disk exists, the instance is placed in the disk's zone,
 * and a disk attaches to one instance at a time. {@code DiskVolume.DiskSize} is not compared: the cloud uses the
 * disk as it is. Pure: the disks and who holds them are looked up through the functions passed in.
 */
public final class DiskRules {

    private DiskRules() {
    }

    /**
     * The request's placements that are in the zone of every disk it attaches, in their order.
     *
     * @param disks    diskId -> the disk, or null if there is none
     * @param holderOf diskId -> the id of the instance that holds it, or null if it is free
     * @throws ApiException 404 {@code InvalidDiskId.NotFound}, 400 {@code DiskVolume.NotInSameZone} or
     *                      403 {@code IncorrectDiskStatus}, for the first disk (in volume order) that breaks a rule
     */
    public static List<CreateRequest.Placement> placements(CreateRequest r, Function<String, CloudDisk> disks,
                                                           Function<String, String> holderOf) {
        List<CreateRequest.Placement> where = r.placements();
        for (String diskId : r.diskIds()) {
            CloudDisk disk = existing(diskId, disks);
            where = inZoneOf(disk, where);
            requireFree(disk, holderOf);
        }
        return where;
    }

    private static CloudDisk existing(String diskId, Function<String, CloudDisk> disks) {
        CloudDisk disk = disks.apply(diskId);
        if (disk == null) {
            throw new ApiException(404, "InvalidDiskId.NotFound", "The specified disk does not exist.");
        }
        return disk;
    }

    private static List<CreateRequest.Placement> inZoneOf(CloudDisk disk, List<CreateRequest.Placement> where) {
        List<CreateRequest.Placement> inZone = where.stream().filter(p -> p.zoneId().equals(disk.zoneId())).toList();
        if (inZone.isEmpty()) {
            List<String> zones = where.stream().map(CreateRequest.Placement::zoneId).distinct().toList();
            throw new ApiException(400, "DiskVolume.NotInSameZone", "The disk " + disk.diskId() + " is in zone "
                    + disk.zoneId() + ", but the instance can only be placed in " + String.join(", ", zones) + ".");
        }
        return inZone;
    }

    private static void requireFree(CloudDisk disk, Function<String, String> holderOf) {
        String holder = holderOf.apply(disk.diskId());
        if (holder != null) {
            throw new ApiException(403, "IncorrectDiskStatus",
                    "The disk " + disk.diskId() + " is attached to " + holder + ".");
        }
    }
}
