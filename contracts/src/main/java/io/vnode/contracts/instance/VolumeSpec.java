package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One volume: exactly the source matching type is set. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeSpec(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) VolumeType type,
        EmptyDirSource emptyDir,
        NfsSource nfs,
        ConfigFileSource configFile,
        ClaimSource claim,
        DiskSource disk,
        FlexSource flex) {

    /** A volume of one of the first types (emptyDir, NFS, config file). */
    public VolumeSpec(String name, VolumeType type, EmptyDirSource emptyDir, NfsSource nfs, ConfigFileSource configFile) {
        this(name, type, emptyDir, nfs, configFile, null, null, null);
    }

    public static VolumeSpec claim(String name, ClaimSource claim) {
        return new VolumeSpec(name, VolumeType.CLAIM, null, null, null, claim, null, null);
    }

    public static VolumeSpec nfs(String name, NfsSource nfs) {
        return new VolumeSpec(name, VolumeType.NFS, null, nfs, null, null, null, null);
    }

    public static VolumeSpec disk(String name, DiskSource disk) {
        return new VolumeSpec(name, VolumeType.DISK, null, null, null, null, disk, null);
    }

    public static VolumeSpec flex(String name, FlexSource flex) {
        return new VolumeSpec(name, VolumeType.FLEX, null, null, null, null, null, flex);
    }
}
