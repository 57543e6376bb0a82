package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A PersistentVolumeClaim of the pod's namespace, by name: its PersistentVolume is read by the executor just
 * before the create, as a kubelet reads it before it mounts.
 *
 * @param readOnly the pod's {@code persistentVolumeClaim.readOnly}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClaimSource(
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String claimName,
        boolean readOnly) {
}
