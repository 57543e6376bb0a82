package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One environment variable: a literal value, a fieldRef (the cloud takes only status.podIP), or a reference. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnvVar(
        @JsonProperty(required = true) String name,
        String value,
        String fieldPath,
        ValueRef valueFrom) {
}
