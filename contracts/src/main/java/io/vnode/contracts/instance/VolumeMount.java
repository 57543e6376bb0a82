package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A volume mount. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeMount(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String mountPath,
        boolean readOnly,
        String subPath,
        String mountPropagation) {
}
