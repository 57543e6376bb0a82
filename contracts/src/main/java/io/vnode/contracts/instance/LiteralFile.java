package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A file whose content is known at translation time (downward API labels, annotations, name, namespace). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LiteralFile(
        @JsonProperty(required = true) String path,
        @JsonProperty(required = true) String contentBase64,
        Integer mode) {
}
