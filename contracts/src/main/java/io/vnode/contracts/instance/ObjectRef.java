package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A ConfigMap or Secret, by name; its contents are read by the executor just before the call, never carried in an event. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObjectRef(
        @JsonProperty(required = true) RefKind kind,
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String name,
        boolean optional) {
}
