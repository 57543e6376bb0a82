package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One key of a ConfigMap or Secret (env valueFrom), resolved by the executor at call time. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValueRef(
        @JsonProperty(required = true) RefKind kind,
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String key,
        boolean optional) {
}
