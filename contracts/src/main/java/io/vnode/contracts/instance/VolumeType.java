package io.vnode.contracts.instance;

/** The cloud volume types the product uses (Volume.N.Type). */
public enum VolumeType {
    EMPTY_DIR("EmptyDirVolume"),
    NFS("NFSVolume"),
    CONFIG_FILE("ConfigFileVolume");

    private final String apiName;

    VolumeType(String apiName) {
        this.apiName = apiName;
    }

    /** The value of {@code Volume.N.Type} in the cloud API. */
    public String apiName() {
        return apiName;
    }
}
