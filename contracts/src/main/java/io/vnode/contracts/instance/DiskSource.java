package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A DiskVolume: an existing cloud disk attached to the instance (one instance at a time, in the disk's zone).
 *
 * @param sizeGiB the disk's size, or null
 * @param fsType the file system ({@code ext4} when null)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DiskSource(
        @JsonProperty(required = true) String diskId,
        Integer sizeGiB,
        String fsType) {
}
