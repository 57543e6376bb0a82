package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One key of a ConfigMap or Secret written as a file. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeyToPath(
        @JsonProperty(required = true) String key,
        @JsonProperty(required = true) String path,
        Integer mode) {
}
