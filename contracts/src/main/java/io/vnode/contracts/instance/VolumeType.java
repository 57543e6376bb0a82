package io.vnode.contracts.instance;

/** The cloud volume types the product uses (Volume.N.Type), and the claim the executor turns into one. */
public enum VolumeType {
    EMPTY_DIR("EmptyDirVolume"),
    NFS("NFSVolume"),
    CONFIG_FILE("ConfigFileVolume"),
    DISK("DiskVolume"),
    FLEX("FlexVolume"),
    /**
     * A PersistentVolumeClaim: not a cloud type. The executor reads the claim and its PersistentVolume just
     * before the create and sends the volume as NFSVolume, DiskVolume or FlexVolume.
     */
    CLAIM("PersistentVolumeClaim");

    private final String apiName;

    VolumeType(String apiName) {
        this.apiName = apiName;
    }

    /** The value of {@code Volume.N.Type} in the cloud API ({@link #CLAIM}: none, it is resolved first). */
    public String apiName() {
        return apiName;
    }
}
