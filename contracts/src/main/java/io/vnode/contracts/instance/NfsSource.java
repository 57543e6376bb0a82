package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An NFSVolume. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NfsSource(
        @JsonProperty(required = true) String server,
        @JsonProperty(required = true) String path,
        boolean readOnly) {
}
