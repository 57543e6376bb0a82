package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A ConfigMap or Secret projected into a config-file volume: the listed items, or every key when items is empty. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObjectProjection(
        @JsonProperty(required = true) ObjectRef source,
        List<KeyToPath> items) {
}
