package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A resolver option. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DnsOption(
        @JsonProperty(required = true) String name,
        String value) {
}
