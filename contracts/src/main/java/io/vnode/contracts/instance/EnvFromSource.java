package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** envFrom: every key of a ConfigMap or Secret becomes a variable, with an optional prefix. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnvFromSource(
        @JsonProperty(required = true) ObjectRef source,
        String prefix) {
}
