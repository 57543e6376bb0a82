package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An /etc/hosts entry. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostAlias(
        @JsonProperty(required = true) String ip,
        List<String> hostnames) {
}
