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
        ConfigFileSource configFile) {
}
